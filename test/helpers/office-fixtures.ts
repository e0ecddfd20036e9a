import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(root, 'docs', 'plan.md'), '# Plan\n\n- budget\n- hiring\n');
  const report = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Quarterly report', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('Revenue grew in the '), new TextRun({ text: 'North', bold: true }), new TextRun(' region.')] }),
          new Paragraph({ text: 'Results', heading: HeadingLevel.HEADING_2 }),
          new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('Region')] }), new TableCell({ children: [new Paragraph('Amount')] })] })] }),
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
