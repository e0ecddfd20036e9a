import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import { readDocx, writeDocx, writeWorkbook } from '../helpers/scenario-files';
import { officeScenarios } from '../helpers/scenario-table';

// Word documents through the real selector over every built-in office API; outputs read back with python-docx.

officeScenarios('office scenarios: documents', [
  {
    name: 'replace a word everywhere in a report, keeping the rest',
    request: "In status.docx replace 'Draft' with 'Final'",
    setup: async (env) =>
      void (await writeDocx(join(env.root, 'status.docx'), [
        { text: 'Status report (Draft)', heading: 1 },
        { text: 'This Draft covers the third quarter.' },
        { text: 'Numbers are final.' },
      ])),
    steps: [{ action: "replace 'Draft' with 'Final' in status.docx", search: 'replace text in a word document', modules: ['docx'] }],
    programs: ["const r = await docx.replaceText({ path: 'status.docx', replacements: [{ find: 'Draft', replace: 'Final' }] });\nreturn r.replaced;"],
    toolbox: ['docx.replaceText'],
    check: async (env) => {
      const doc = await readDocx(join(env.root, 'status.docx'));
      expect(doc.paragraphs.map((p) => p.text)).toEqual(['Status report (Final)', 'This Final covers the third quarter.', 'Numbers are final.']);
      expect(doc.paragraphs[0]!.style).toBe('Heading 1');
    },
  },
  {
    name: 'fill a letter template for one customer',
    request: 'Write the shipping letter for Ada from letter-template.docx: order A-1001 ships on 3 June with 1 lamp and 2 bulbs',
    setup: async (env) => {
      const template = new Document({
        sections: [{ children: [new Paragraph('Dear {{name}},'), new Paragraph('Your order {{order}} ships on {{date}}.'), new Paragraph('{{items}}')] }],
      });
      await writeFile(join(env.root, 'letter-template.docx'), await Packer.toBuffer(template));
    },
    steps: [{ action: 'fill the template placeholders for Ada into a new letter', search: 'fill a word template placeholders', modules: ['docx'] }],
    programs: [
      "const r = await docx.fillTemplate({ template: 'letter-template.docx', path: 'letter-ada.docx', values: { name: 'Ada', order: 'A-1001', date: '3 June', items: ['1 × lamp', '2 × bulbs'] } });\nreturn { filled: r.filled, missing: r.missing };",
    ],
    toolbox: ['docx.fillTemplate'],
    check: async (env, t) => {
      const doc = await readDocx(join(env.root, 'letter-ada.docx'));
      expect(doc.paragraphs.map((p) => p.text)).toEqual(['Dear Ada,', 'Your order A-1001 ships on 3 June.', '1 × lamp', '2 × bulbs']);
      expect(t.finished.artifacts.map((a) => a.target)).toEqual([join(env.root, 'letter-ada.docx')]);
    },
  },
  {
    name: 'put sales by region from a sheet as a table under a heading of a report',
    request: 'Put the sales by region from region-sales.xlsx as a table under the Results heading of q-report.docx',
    setup: async (env) => {
      await writeWorkbook(join(env.root, 'region-sales.xlsx'), {
        Sales: [
          ['Region', 'Amount'],
          ['North', 120],
          ['South', 80],
          ['North', 45.5],
        ],
      });
      await writeDocx(join(env.root, 'q-report.docx'), [
        { text: 'Quarterly report', heading: 1 },
        { text: 'Results', heading: 2 },
        { text: 'Outlook', heading: 2 },
        { text: 'Steady.' },
      ]);
    },
    steps: [
      { action: 'sum Amount per Region in region-sales.xlsx', search: 'compute sums of a column per group', modules: ['xlsx'] },
      { action: 'insert a table after the Results heading of q-report.docx', search: 'insert a table after a heading', modules: ['docx'] },
    ],
    programs: [
      "const per = await xlsx.aggregate({ path: 'region-sales.xlsx', measures: [{ column: 'Amount', fn: 'sum' }], groupBy: 'Region' });\nconst rows = per.groups.map((g) => [String(g.key), g.values['sum(Amount)'] ?? 0]);\nawait docx.insertTableAfterHeading({ path: 'q-report.docx', heading: 'Results', header: ['Region', 'Amount'], rows, caption: 'Sales by region' });\nreturn { regions: rows.length };",
    ],
    toolbox: ['xlsx.aggregate', 'docx.insertTableAfterHeading'],
    check: async (env) => {
      const doc = await readDocx(join(env.root, 'q-report.docx'));
      expect(doc.tables).toHaveLength(1);
      expect(doc.tables[0]).toEqual([
        ['Region', 'Amount'],
        ['North', '165.5'],
        ['South', '80'],
      ]);
      const texts = doc.paragraphs.map((p) => p.text);
      expect(texts.indexOf('Sales by region')).toBe(texts.indexOf('Results') + 1);
    },
  },
  {
    name: 'turn plain notes into a meeting-notes document',
    request: 'Turn standup.txt into a meeting-notes Word document',
    setup: async (env) =>
      void (await writeFile(join(env.root, 'standup.txt'), 'Standup 3 June\n- Ada: shipped the beta\n- Lin: fixing the importer\n- Bo: on leave\n')),
    steps: [
      { action: 'read standup.txt', search: 'read a text file', modules: ['fs'] },
      { action: 'create a Word document with a heading and the notes as a list', search: 'create a new word document', modules: ['docx'] },
    ],
    programs: [
      "const { text } = await fs.readText({ path: 'standup.txt' });\nconst lines = text.split('\\n').map((l) => l.trim()).filter(Boolean);\nconst items = lines.slice(1).map((l) => l.replace(/^-\\s*/, ''));\nconst r = await docx.createDocument({ path: 'standup-notes.docx', title: lines[0], blocks: [{ type: 'heading', text: lines[0], level: 1 }, { type: 'paragraph', text: items.length + ' updates.' }, { type: 'list', items }] });\nreturn r;",
    ],
    toolbox: ['fs.readText', 'docx.createDocument'],
    check: async (env) => {
      const doc = await readDocx(join(env.root, 'standup-notes.docx'));
      expect(doc.paragraphs.map((p) => p.text)).toEqual(['Standup 3 June', '3 updates.', 'Ada: shipped the beta', 'Lin: fixing the importer', 'Bo: on leave']);
      expect(doc.paragraphs[0]!.style).toBe('Heading 1');
    },
  },
  {
    name: 'one-call mode: append a next-steps section to an existing document',
    request: "Add a 'Next steps' section to plan.docx with Hire and Ship",
    mode: 'one-call',
    setup: async (env) => void (await writeDocx(join(env.root, 'plan.docx'), [{ text: 'Plan', heading: 1 }, { text: 'We grow.' }])),
    steps: [{ action: 'append a Next steps heading and a list to plan.docx', search: 'append sections to a word document', modules: ['docx'] }],
    programs: [
      "return await docx.appendSections({ path: 'plan.docx', blocks: [{ type: 'heading', text: 'Next steps', level: 2 }, { type: 'list', items: ['Hire', 'Ship'] }] });",
    ],
    toolbox: ['docx.appendSections'],
    check: async (env, t) => {
      expect(t.finished.statistics).toMatchObject({ mode: 'one-call' });
      const doc = await readDocx(join(env.root, 'plan.docx'));
      // Appended lists are paragraphs with their bullet mark (the document's own numbering is left alone).
      expect(doc.paragraphs.map((p) => p.text)).toEqual(['Plan', 'We grow.', 'Next steps', '•\tHire', '•\tShip']);
    },
  },
]);
