import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSZip from 'jszip';
import { expect } from 'vitest';
import { hashTree } from '../helpers/executor';
import { promptText } from '../helpers/planner';
import { scriptedTurn } from '../helpers/scenario-core';
import { officeScenarios, scenarioModel } from '../helpers/scenario-table';

// Files, approvals and questions back, through the real selector over every built-in office API.

const RENAME_BY_DATE = `const { entries } = await fs.list({ path: 'scans' });
const renamed = [];
for (const e of entries.filter((x) => x.type === 'file').slice(0, 200)) {
  const day = e.modified.slice(0, 10);
  if (e.name.startsWith(day)) continue;
  const r = await fs.rename({ path: e.path, newName: day + '-' + e.name });
  renamed.push(r.to);
}
return { renamed: renamed.length };`;

const DELETE_STEP = [{ action: 'delete the old draft file', search: 'delete a file', modules: ['fs'] }];

let before: Record<string, string> = {};

officeScenarios('office scenarios: files, approvals and questions', [
  {
    name: 'rename these files by date (their modified day as a prefix)',
    request: 'Rename the files in scans/ by their date',
    setup: async (env) => {
      await mkdir(join(env.root, 'scans'));
      const days = { 'receipt.pdf': '2026-03-14T10:00:00Z', 'contract.pdf': '2026-01-02T09:30:00Z', 'photo.png': '2025-12-24T18:00:00Z' };
      for (const [name, day] of Object.entries(days)) {
        await writeFile(join(env.root, 'scans', name), name);
        await utimes(join(env.root, 'scans', name), new Date(day), new Date(day));
      }
    },
    steps: [
      { action: 'list the files in scans with their dates', search: 'list files in a folder', modules: ['fs'] },
      { action: 'rename each file with its date in front', search: 'rename a file', modules: ['fs'] },
    ],
    programs: [RENAME_BY_DATE],
    toolbox: ['fs.list', 'fs.rename'],
    check: async (env) => {
      expect((await readdir(join(env.root, 'scans'))).sort()).toEqual(['2025-12-24-photo.png', '2026-01-02-contract.pdf', '2026-03-14-receipt.pdf']);
      expect(await readFile(join(env.root, 'scans', '2026-03-14-receipt.pdf'), 'utf8')).toBe('receipt.pdf');
    },
  },
  {
    // The only destructive built-in API is fs.delete: approve once (the deletion is staged, then applied), then deny.
    name: 'a destructive call waits for approval: approved it is staged and applied; denied nothing changes and no repair is tried',
    request: 'Delete drafts/old-1.txt',
    setup: async (env) => {
      await mkdir(join(env.root, 'drafts'));
      await writeFile(join(env.root, 'drafts', 'old-1.txt'), 'one');
      await writeFile(join(env.root, 'drafts', 'old-2.txt'), 'two');
    },
    steps: DELETE_STEP,
    programs: ["const r = await fs.delete({ path: 'drafts/old-1.txt' });\nreturn { deleted: r.deleted.length };"],
    summary: 'deleted drafts/old-1.txt',
    approve: 'once',
    toolbox: ['fs.delete'],
    check: async (env, t) => {
      const asked = t.runEvents.find((e) => e.type === 'run.approval.requested');
      expect(asked && asked.type === 'run.approval.requested' && asked.api).toBe('fs.delete');
      expect(t.finished.artifacts).toEqual([{ target: join(env.root, 'drafts', 'old-1.txt'), kind: 'other', action: 'delete' }]);
      expect(await readdir(join(env.root, 'drafts'))).toEqual(['old-2.txt']);

      const denied = await scriptedTurn(env, {
        request: 'Delete drafts/old-2.txt',
        approve: 'deny',
        mode: 'two-call',
        chat: scenarioModel({
          name: 'deny',
          request: '',
          steps: DELETE_STEP,
          programs: ["return await fs.delete({ path: 'drafts/old-2.txt' });"],
          check: () => undefined,
        }),
      });
      expect(denied.finished.status).toBe('failed');
      expect(denied.finished.answer).toMatch(/denied/i);
      expect(denied.finished.statistics).toMatchObject({ repairs: 0 });
      expect(denied.types).not.toContain('turn.repair');
      expect(denied.finished.artifacts).toEqual([]);
      expect(await readFile(join(env.root, 'drafts', 'old-2.txt'), 'utf8')).toBe('two');
    },
  },
  {
    name: 'zip a folder into an archive',
    request: 'Zip the reports folder into reports.zip',
    setup: async (env) => {
      await mkdir(join(env.root, 'reports'));
      await writeFile(join(env.root, 'reports', 'jan.md'), '# January');
      await writeFile(join(env.root, 'reports', 'feb.md'), '# February');
    },
    steps: [{ action: 'pack the reports folder into reports.zip', search: 'zip files into an archive', modules: ['fs'] }],
    programs: ["const r = await fs.zip({ paths: ['reports'], to: 'reports.zip' });\nreturn { files: r.files };"],
    toolbox: ['fs.zip'],
    check: async (env) => {
      const zip = await JSZip.loadAsync(await readFile(join(env.root, 'reports.zip')));
      const files = Object.values(zip.files).filter((f) => !f.dir);
      expect(files.map((f) => f.name.replace(/^.*\//, '')).sort()).toEqual(['feb.md', 'jan.md']);
      expect(await files.find((f) => f.name.endsWith('jan.md'))!.async('string')).toBe('# January');
    },
  },
  {
    name: 'find the files that mention invoices and copy them into a folder',
    request: 'Copy every file that mentions an invoice into an invoices folder',
    setup: async (env) => {
      await mkdir(join(env.root, 'mail', 'old'), { recursive: true });
      await writeFile(join(env.root, 'mail', 'acme.txt'), 'Hello,\nInvoice 1001 is attached.\n');
      await writeFile(join(env.root, 'mail', 'old', 'globex.md'), 'Please pay the invoice by Friday.');
      await writeFile(join(env.root, 'mail', 'lunch.txt'), 'Lunch at noon?');
    },
    steps: [
      { action: 'search the mail folder for files containing invoice', search: 'search files by content', modules: ['fs'] },
      { action: 'copy each match into invoices/', search: 'copy a file', modules: ['fs'] },
    ],
    programs: [
      "const { matches } = await fs.search({ path: 'mail', content: 'invoice' });\nconst files = [...new Set(matches.map((m) => m.path))];\nfor (const f of files.slice(0, 50)) await fs.copy({ from: f, to: 'invoices/' + f.split('/').pop() });\nreturn { copied: files.length };",
    ],
    toolbox: ['fs.search', 'fs.copy'],
    check: async (env) => {
      expect((await readdir(join(env.root, 'invoices'))).sort()).toEqual(['acme.txt', 'globex.md']);
      expect(await readFile(join(env.root, 'invoices', 'globex.md'), 'utf8')).toBe('Please pay the invoice by Friday.');
    },
  },
  {
    name: 'a runtime refusal (the file exists) is repaired by appending',
    request: "Add the line 'Budget approved' to decisions.txt",
    setup: async (env) => void (await writeFile(join(env.root, 'decisions.txt'), 'Hiring paused\n')),
    steps: [{ action: "append 'Budget approved' to decisions.txt", search: 'write a text file', modules: ['fs'] }],
    programs: [
      "return await fs.writeText({ path: 'decisions.txt', text: 'Budget approved\\n' });",
      "return await fs.writeText({ path: 'decisions.txt', text: 'Budget approved\\n', append: true });",
    ],
    toolbox: ['fs.writeText'],
    check: async (env, t) => {
      const repair = t.events.find((e) => e.type === 'turn.repair');
      expect(repair).toMatchObject({ kind: 'runtime' });
      expect(promptText(t.requests[2]!)).toMatch(/fs\.writeText.*INVALID_ARGUMENTS/s);
      expect(await readFile(join(env.root, 'decisions.txt'), 'utf8')).toBe('Hiring paused\nBudget approved\n');
    },
  },
  {
    name: 'an ambiguous request (two budgets) is answered with a question, nothing guessed or touched',
    request: 'Add a totals row to the budget',
    setup: async (env) => {
      await writeFile(join(env.root, 'budget-2025.xlsx'), 'x');
      await writeFile(join(env.root, 'budget-2026.xlsx'), 'y');
      before = await hashTree(env.root);
    },
    steps: [],
    question: 'Which workbook should get the totals row: budget-2025.xlsx or budget-2026.xlsx?',
    status: 'question',
    check: async (env, t) => {
      expect(t.finished.answer).toBe('Which workbook should get the totals row: budget-2025.xlsx or budget-2026.xlsx?');
      expect(t.finished.statistics.llmCalls).toBe(1);
      expect(t.types).not.toContain('turn.program');
      expect(t.types).not.toContain('turn.run');
      expect(promptText(t.requests[0]!)).toMatch(/never invent a file/);
      expect(await hashTree(env.root)).toEqual(before);
    },
  },
  {
    name: 'one-call mode: a request with a missing input asks back instead of writing a program',
    request: 'Make slides from the spreadsheet',
    mode: 'one-call',
    steps: [],
    question: 'Which spreadsheet should I use? Attach it or name its file.',
    status: 'question',
    check: (_env, t) => {
      expect(t.finished.answer).toBe('Which spreadsheet should I use? Attach it or name its file.');
      expect(t.finished.statistics).toMatchObject({ mode: 'one-call', llmCalls: 1 });
      expect(t.types).not.toContain('turn.run');
    },
  },
]);
