import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, HeadingLevel, TextRun, Table, TableRow, TableCell } from 'docx';

/** Files every documented example may refer to, written into a fresh granted folder. */
export async function writeExampleFiles(root: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sales');
  ws.addRows([
    ['Region', 'Product', 'Amount'],
    ['North', 'Widget', 120],
    ['South', 'Gadget', 80],
    ['North', 'Gadget', 45.5],
  ]);
  await wb.xlsx.writeFile(join(root, 'sales.xlsx'));
  await writeFile(join(root, 'data.csv'), 'Name,Score\nAda,91\nLin,78\n');
  await writeFile(join(root, 'notes.txt'), 'Meeting notes\nBudget is due on Friday.\n');
  await writeFile(join(root, 'invoice.pdf'), minimalPdf(['Invoice 42 for Ada', 'Total due: 104.98']));
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(root, 'docs', 'plan.md'), '# Plan\n\n- budget\n- hiring\n');
  const report = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Revenue grew in the '), new TextRun({ text: 'North', bold: true }), new TextRun(' region.')] }),
          new Paragraph({ text: 'Results', heading: HeadingLevel.HEADING_2 }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Region')] }), new TableCell({ children: [new Paragraph('Amount')] })] }),
            ],
          }),
          new Paragraph('Draft version, not for distribution.'),
        ],
      },
    ],
  });
  await writeFile(join(root, 'report.docx'), await Packer.toBuffer(report));
  const template = new Document({
    sections: [{ children: [new Paragraph('Dear {{name}},'), new Paragraph('Your order {{order}} ships on {{date}}.'), new Paragraph('{{items}}')] }],
  });
  await writeFile(join(root, 'template.docx'), await Packer.toBuffer(template));
}

/** A small real PNG (width × height, RGB), made here so image tests need no binary fixture. */
export function png(width = 2, height = 1): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid PDF with one line of Helvetica text per page, xref offsets computed. */
export function minimalPdf(pages: readonly string[]): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 3 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  const font = 3 + pages.length * 2;
  pages.forEach((text, i) => {
    const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
    objects[pageIds[i]!] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  objects[font] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  return serializePdf(objects);
}

/** PDF bytes from numbered objects (`objects[1]` is the catalog): header, bodies, cross-reference table, trailer. */
export function serializePdf(objects: readonly string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets
    .slice(1)
    .map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)
    .join('')}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
