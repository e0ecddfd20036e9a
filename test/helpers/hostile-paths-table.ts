// The table behind test/integration/hostile-paths.test.ts: every path argument of every built-in API,
// whether the API reads or writes through it, the kind of file it expects, and the ways out it is tried with.

/** Ways out of a granted folder. */
export const TRICKS = {
  link: 'a link in the root that leads out',
  dotdot: '..',
  absolute: 'an absolute path outside',
  data: "a path into Switchboard's data folder inside the grant",
} as const;
export type Trick = keyof typeof TRICKS;

export interface PathCase {
  /** `module.verb` */
  api: string;
  /** The argument that carries the hostile path. */
  field: string;
  /** read: the API opens what the path names; write: it stages a file or folder there. */
  role: 'read' | 'write';
  /** The kind of file the argument takes (`folder` for a folder). */
  ext: string;
  /** The call's argument object as program text, given the hostile path as a JS string literal. */
  args: (p: string) => string;
  tricks: readonly Trick[];
}

// Every read is tried through a link (the subtle way out) and one of the others in turn; so is every write.
const OTHERS: readonly Trick[] = ['dotdot', 'absolute', 'data'];
let turn = 0;
const c = (api: string, field: string, role: 'read' | 'write', ext: string, args: (p: string) => string): PathCase => ({
  api,
  field,
  role,
  ext,
  args,
  tricks: ['link', OTHERS[turn++ % OTHERS.length]!],
});

export const PATH_CASES: readonly PathCase[] = [
  c('pptx.createDeck', 'path', 'write', 'pptx', (p) => `{ path: ${p}, slides: [{ layout: 'title', title: 'x' }] }`),
  c('pptx.addSlides', 'path', 'read', 'pptx', (p) => `{ path: ${p}, slides: [{ layout: 'title', title: 'x' }] }`),
  c('pptx.readDeck', 'path', 'read', 'pptx', (p) => `{ path: ${p} }`),
  c('pptx.outline', 'path', 'read', 'pptx', (p) => `{ path: ${p} }`),
  c('pptx.replaceText', 'path', 'read', 'pptx', (p) => `{ path: ${p}, replacements: [{ find: 'One', replace: 'Uno' }] }`),
  c('pptx.insertSlide', 'path', 'read', 'pptx', (p) => `{ path: ${p}, layout: 'title', title: 'x' }`),
  c('pptx.duplicateSlide', 'path', 'read', 'pptx', (p) => `{ path: ${p}, slide: 1 }`),
  c('pptx.deleteSlides', 'path', 'read', 'pptx', (p) => `{ path: ${p}, slides: [1] }`),
  c('pptx.reorderSlides', 'path', 'read', 'pptx', (p) => `{ path: ${p}, order: [2, 1] }`),
  c('pptx.setTheme', 'path', 'read', 'pptx', (p) => `{ path: ${p}, preset: 'ocean' }`),
  c('xlsx.createWorkbook', 'path', 'write', 'xlsx', (p) => `{ path: ${p}, sheets: [{ name: 'S' }] }`),
  c('xlsx.describeWorkbook', 'path', 'read', 'xlsx', (p) => `{ path: ${p} }`),
  c('xlsx.readRange', 'path', 'read', 'xlsx', (p) => `{ path: ${p} }`),
  c('xlsx.writeCells', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, cells: { A1: 'x' } }`),
  c('xlsx.insertRows', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, at: 2 }`),
  c('xlsx.deleteRows', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, at: 2 }`),
  c('xlsx.insertColumns', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, at: 'B' }`),
  c('xlsx.deleteColumns', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, column: 'B' }`),
  c('xlsx.sortRows', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, by: [{ column: 'A' }] }`),
  c('xlsx.filterRows', 'path', 'read', 'xlsx', (p) => `{ path: ${p} }`),
  c('xlsx.aggregate', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, measures: [{ column: 'B' }] }`),
  c('xlsx.pivot', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, rows: 'A', value: { column: 'B' } }`),
  c('xlsx.dedupe', 'path', 'read', 'xlsx', (p) => `{ path: ${p} }`),
  c('xlsx.importCsv', 'csvPath', 'read', 'csv', (p) => `{ csvPath: ${p}, path: 'imported.xlsx' }`),
  c('xlsx.importCsv', 'path', 'write', 'xlsx', (p) => `{ csvPath: 'good.csv', path: ${p} }`),
  c('xlsx.exportCsv', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, csvPath: 'exported.csv' }`),
  c('xlsx.exportCsv', 'csvPath', 'write', 'csv', (p) => `{ path: 'good.xlsx', csvPath: ${p} }`),
  c('xlsx.defineName', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, name: 'Sales', range: 'A1:B2' }`),
  c('xlsx.addChart', 'path', 'read', 'xlsx', (p) => `{ path: ${p}, type: 'bar', range: 'A1:B3' }`),
  c('docx.createDocument', 'path', 'write', 'docx', (p) => `{ path: ${p}, blocks: [{ type: 'paragraph', text: 'x' }] }`),
  c('docx.readDocument', 'path', 'read', 'docx', (p) => `{ path: ${p} }`),
  c('docx.fillTemplate', 'template', 'read', 'docx', (p) => `{ template: ${p}, path: 'filled.docx', values: {} }`),
  c('docx.fillTemplate', 'path', 'write', 'docx', (p) => `{ template: 'good.docx', path: ${p}, values: {} }`),
  c('docx.replaceText', 'path', 'read', 'docx', (p) => `{ path: ${p}, replacements: [{ find: 'Revenue', replace: 'Income' }] }`),
  c('docx.appendSections', 'path', 'read', 'docx', (p) => `{ path: ${p}, blocks: [{ type: 'paragraph', text: 'x' }] }`),
  c('docx.insertTableAfterHeading', 'path', 'read', 'docx', (p) => `{ path: ${p}, heading: 'Summary', rows: [['a', 1]] }`),
  c('fs.list', 'path', 'read', 'folder', (p) => `{ path: ${p} }`),
  c('fs.search', 'path', 'read', 'folder', (p) => `{ path: ${p}, content: 'secret' }`),
  c('fs.readText', 'path', 'read', 'txt', (p) => `{ path: ${p} }`),
  c('fs.readPdfText', 'path', 'read', 'pdf', (p) => `{ path: ${p} }`),
  c('fs.stat', 'path', 'read', 'txt', (p) => `{ path: ${p} }`),
  c('fs.writeText', 'path', 'write', 'txt', (p) => `{ path: ${p}, text: 'pwned' }`),
  c('fs.copy', 'from', 'read', 'txt', (p) => `{ from: ${p}, to: 'copied.txt' }`),
  c('fs.copy', 'to', 'write', 'txt', (p) => `{ from: 'good.txt', to: ${p} }`),
  c('fs.move', 'from', 'read', 'txt', (p) => `{ from: ${p}, to: 'moved.txt' }`),
  c('fs.move', 'to', 'write', 'txt', (p) => `{ from: 'good.txt', to: ${p} }`),
  c('fs.rename', 'path', 'read', 'txt', (p) => `{ path: ${p}, newName: 'renamed.txt' }`),
  c('fs.delete', 'path', 'read', 'txt', (p) => `{ path: ${p} }`),
  c('fs.makeFolder', 'path', 'write', 'folder', (p) => `{ path: ${p} }`),
  c('fs.zip', 'paths', 'read', 'txt', (p) => `{ paths: [${p}], to: 'out.zip' }`),
  c('fs.zip', 'to', 'write', 'zip', (p) => `{ paths: ['good.txt'], to: ${p} }`),
  c('fs.unzip', 'path', 'read', 'zip', (p) => `{ path: ${p}, to: 'unzipped' }`),
  c('fs.unzip', 'to', 'write', 'folder', (p) => `{ path: 'good.zip', to: ${p} }`),
  c('calendar.listEvents', 'path', 'read', 'ics', (p) => `{ path: ${p} }`),
  c('calendar.listEvents', 'folder', 'read', 'folder', (p) => `{ folder: ${p} }`),
  c('calendar.createEvent', 'path', 'write', 'ics', (p) => `{ path: ${p}, title: 'x', start: '2026-12-09T10:00' }`),
  c('calendar.createEvent', 'folder', 'write', 'folder', (p) => `{ folder: ${p}, person: 'Eve', title: 'x', start: '2026-12-09T10:00' }`),
  c('calendar.updateEvent', 'path', 'read', 'ics', (p) => `{ path: ${p}, uid: 'x', title: 'y' }`),
  c('calendar.deleteEvent', 'path', 'read', 'ics', (p) => `{ path: ${p}, uid: 'x' }`),
  c('calendar.findFreeTime', 'folder', 'read', 'folder', (p) => `{ folder: ${p}, people: ['bob'], durationMinutes: 30, from: '2026-12-09', to: '2026-12-10' }`),
  c('calendar.checkOverlaps', 'path', 'read', 'ics', (p) => `{ path: ${p} }`),
  c('calendar.importIcs', 'source', 'read', 'ics', (p) => `{ source: ${p}, person: 'Bob' }`),
  c('calendar.importIcs', 'path', 'write', 'ics', (p) => `{ source: 'good.ics', path: ${p} }`),
  c('calendar.exportIcs', 'output', 'write', 'ics', (p) => `{ output: ${p}, path: 'good.ics' }`),
  c('email.listMessages', 'mailbox', 'read', 'folder', (p) => `{ mailbox: ${p} }`),
  c('email.readMessage', 'path', 'read', 'eml', (p) => `{ path: ${p} }`),
  c('email.readMessage', 'saveAttachmentsTo', 'write', 'folder', (p) => `{ path: 'good.eml', saveAttachmentsTo: ${p} }`),
  c('email.compose', 'path', 'write', 'eml', (p) => `{ to: 'bob@example.com', subject: 's', text: 't', path: ${p} }`),
  c('email.compose', 'attachments', 'read', 'pdf', (p) => `{ to: 'bob@example.com', subject: 's', text: 't', attachments: [${p}] }`),
  c('email.reply', 'path', 'read', 'eml', (p) => `{ path: ${p}, text: 'thanks' }`),
  c('email.reply', 'draftPath', 'write', 'eml', (p) => `{ path: 'good.eml', text: 'thanks', draftPath: ${p} }`),
  c('email.send', 'draft', 'read', 'eml', (p) => `{ draft: ${p} }`),
  c('email.send', 'attachments', 'read', 'docx', (p) => `{ to: 'Bob', subject: 's', text: 't', attachments: [${p}] }`),
  c('email.send', 'mailbox', 'write', 'folder', (p) => `{ to: 'Bob', subject: 's', text: 't', mailbox: ${p} }`),
  c('image.info', 'path', 'read', 'png', (p) => `{ path: ${p} }`),
  c('image.readText', 'path', 'read', 'png', (p) => `{ path: ${p} }`),
  c('image.convert', 'path', 'read', 'png', (p) => `{ path: ${p}, output: 'converted.jpg' }`),
  c('image.convert', 'output', 'write', 'png', (p) => `{ path: 'good.png', output: ${p} }`),
  c('image.resize', 'path', 'read', 'png', (p) => `{ path: ${p}, output: 'small.png', width: 10 }`),
  c('image.resize', 'output', 'write', 'png', (p) => `{ path: 'good.png', output: ${p}, width: 10 }`),
  c('image.crop', 'path', 'read', 'png', (p) => `{ path: ${p}, left: 0, top: 0, width: 5, height: 5, output: 'crop.png' }`),
  c('image.crop', 'output', 'write', 'png', (p) => `{ path: 'good.png', left: 0, top: 0, width: 5, height: 5, output: ${p} }`),
  c('image.rotate', 'path', 'read', 'png', (p) => `{ path: ${p}, angle: 90, output: 'rot.png' }`),
  c('image.rotate', 'output', 'write', 'png', (p) => `{ path: 'good.png', angle: 90, output: ${p} }`),
  c('image.annotate', 'path', 'read', 'png', (p) => `{ path: ${p}, text: 'hi', output: 'note.png' }`),
  c('image.annotate', 'output', 'write', 'png', (p) => `{ path: 'good.png', text: 'hi', output: ${p} }`),
  c('image.edges', 'path', 'read', 'png', (p) => `{ path: ${p}, output: 'edges.png' }`),
  c('image.edges', 'output', 'write', 'png', (p) => `{ path: 'good.png', output: ${p} }`),
  c('image.sketch', 'path', 'read', 'png', (p) => `{ path: ${p}, output: 'sketch.png' }`),
  c('image.sketch', 'output', 'write', 'png', (p) => `{ path: 'good.png', output: ${p} }`),
  c('image.fromText', 'output', 'write', 'png', (p) => `{ text: 'hello', output: ${p} }`),
  c('image.chart', 'output', 'write', 'png', (p) => `{ type: 'bar', labels: ['x', 'y'], series: [{ name: 'a', values: [1, 2] }], output: ${p} }`),
  c('pdf.fromDocument', 'path', 'read', 'docx', (p) => `{ path: ${p}, output: 'doc.pdf' }`),
  c('pdf.fromDocument', 'output', 'write', 'pdf', (p) => `{ path: 'good.txt', output: ${p} }`),
  c('pdf.fromText', 'source', 'read', 'md', (p) => `{ source: ${p}, output: 'text.pdf' }`),
  c('pdf.fromText', 'output', 'write', 'pdf', (p) => `{ text: 'hello', output: ${p} }`),
  c('pdf.fromImages', 'images', 'read', 'png', (p) => `{ images: [${p}], output: 'images.pdf' }`),
  c('pdf.fromImages', 'output', 'write', 'pdf', (p) => `{ images: ['good.png'], output: ${p} }`),
  c('pdf.toImages', 'path', 'read', 'pdf', (p) => `{ path: ${p}, outDir: 'pages' }`),
  c('pdf.toImages', 'outDir', 'write', 'folder', (p) => `{ path: 'good.pdf', outDir: ${p} }`),
  c('pdf.merge', 'inputs', 'read', 'pdf', (p) => `{ inputs: ['good.pdf', ${p}], output: 'merged.pdf' }`),
  c('pdf.merge', 'output', 'write', 'pdf', (p) => `{ inputs: ['good.pdf', 'good.pdf'], output: ${p} }`),
  c('pdf.split', 'path', 'read', 'pdf', (p) => `{ path: ${p}, outDir: 'parts' }`),
  c('pdf.split', 'outDir', 'write', 'folder', (p) => `{ path: 'good.pdf', outDir: ${p} }`),
  c('pdf.extractPages', 'path', 'read', 'pdf', (p) => `{ path: ${p}, pages: '1', output: 'page.pdf' }`),
  c('pdf.extractPages', 'output', 'write', 'pdf', (p) => `{ path: 'good.pdf', pages: '1', output: ${p} }`),
  c('pdf.info', 'path', 'read', 'pdf', (p) => `{ path: ${p} }`),
];
