import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import PptxGenJS from 'pptxgenjs';
import { dirname } from 'node:path';
import { pptxPack } from '../../apis/pptx/pack';
import { apiContext, packNamespace } from './api-runner';
import { readRawDeck } from './pptx-xml';
import { testStaging } from './staging';
import { python } from './python';

/** Input files the scenarios attach or find in the workspace, made with the libraries people's files come from. */

export async function writeWorkbook(file: string, sheets: Record<string, (string | number | null)[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  await wb.xlsx.writeFile(file);
  return file;
}

/** A Word outline: level-1 and level-2 headings (with a paragraph under each level-2 one). */
export async function writeOutlineDocx(file: string, outline: { heading: string; points: string[] }[]): Promise<string> {
  const children = outline.flatMap((s) => [
    new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }),
    ...s.points.map((p) => new Paragraph({ text: p, heading: HeadingLevel.HEADING_2 })),
  ]);
  await writeFile(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
  return file;
}

export async function writeDocx(file: string, paragraphs: { text: string; heading?: 1 | 2 }[]): Promise<string> {
  const children = paragraphs.map(
    (p) => new Paragraph({ text: p.text, ...(p.heading ? { heading: p.heading === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 } : {}) }),
  );
  await writeFile(file, await Packer.toBuffer(new Document({ sections: [{ children }] })));
  return file;
}

/** A deck as another program makes it: one title slide and bullet slides. */
export async function writeDeck(file: string, title: string, slides: { title: string; bullets: string[] }[]): Promise<string> {
  const deck = new PptxGenJS();
  deck.addSlide().addText(title, { x: 0.5, y: 2, w: 9, h: 1, fontSize: 36, objectName: 'Title 1' });
  for (const s of slides) {
    const slide = deck.addSlide();
    slide.addText(s.title, { x: 0.5, y: 0.3, w: 9, h: 0.8, fontSize: 28, objectName: 'Title 1' });
    slide.addText(
      s.bullets.map((b) => ({ text: b, options: { bullet: true, breakLine: true } })),
      { x: 0.5, y: 1.3, w: 9, h: 4 },
    );
  }
  await writeFile(file, (await deck.write({ outputType: 'nodebuffer' })) as Buffer);
  return file;
}

/** Readers of the outputs: openpyxl and python-docx (Debian's python3); for decks the pptx pack's readDeck plus the raw XML (JSZip). */

export type Cell = string | number | boolean | null;

/** Every sheet's cells as rows (formulas as their text, e.g. "=SUM(B2:B4)"). */
export async function readXlsx(file: string): Promise<Record<string, Cell[][]>> {
  return (await python(
    `import json, sys, openpyxl, datetime
wb = openpyxl.load_workbook(sys.argv[1])
def v(c):
    return c.isoformat() if isinstance(c, (datetime.date, datetime.datetime)) else c
print(json.dumps({ws.title: [[v(c) for c in row] for row in ws.iter_rows(values_only=True)] for ws in wb.worksheets}))`,
    [file],
  )) as Record<string, Cell[][]>;
}

export interface DocxContent {
  paragraphs: { style: string; text: string }[];
  tables: string[][][];
}

export async function readDocx(file: string): Promise<DocxContent> {
  return (await python(
    `import json, sys, docx
d = docx.Document(sys.argv[1])
print(json.dumps({"paragraphs": [{"style": p.style.name, "text": p.text} for p in d.paragraphs if p.text.strip()], "tables": [[[c.text for c in r.cells] for r in t.rows] for t in d.tables]}))`,
    [file],
  )) as DocxContent;
}

export interface DeckContent {
  slides: { title: string; text: string[] }[];
  /** Chart parts each slide refers to (c:chart), by slide. */
  charts: number[];
  /** Every <a:t> text of each slide joined by spaces. */
  texts: string[];
}

export async function readPptx(file: string): Promise<DeckContent> {
  const pptx = packNamespace(pptxPack, apiContext(await testStaging([dirname(file)]), [dirname(file)]));
  const deck = (await pptx.readDeck!({ path: file })) as { slides: { title: string; text: string[] }[] };
  const raw = await readRawDeck(file);
  return {
    slides: deck.slides.map((s) => ({ title: s.title, text: s.text })),
    charts: raw.slideXml.map((x) => (x.match(/<c:chart\b/g) ?? []).length),
    texts: await Promise.all(raw.slides.map((s) => raw.texts(s))),
  };
}
