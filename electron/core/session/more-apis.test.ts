import { describe, expect, it } from 'vitest';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { estimateTokens } from '../platform/declarations';
import { moreApis } from './more-apis';
import { buildProgramPrompt, PROMPT_BUDGETS, RULES_MODULES } from './planner-prompts';
import { fitLines } from './prompt-fit';
import { toolboxFor } from './turn-toolbox';
import { readerRank } from './toolbox-growth';

const docs = officeDocuments();
const installed = new Map(docs.map((d) => [d.name, d]));
const pick = (...names: string[]) => names.map((n) => installed.get(n)!);
const nameOf = (line: string) => /^- ([a-z]+\.[A-Za-z]+)\(/.exec(line)![1]!;

// Run D, "company revenues -> email + docx": xlsx's aggregate, filter and pivot declared, its reader not.
const DECLARED = pick('xlsx.aggregate', 'xlsx.filterRows', 'xlsx.pivot', 'calendar.createEvent', 'pdf.fromText');
const FOCUS = 'Find the three companies with the highest revenue in data/revenue.xlsx, email them and write a report';

describe('More APIs', () => {
  it('the rules name the fs APIs, so fs is a rules module', () => {
    expect(RULES_MODULES).toEqual(['fs']);
  });

  it("lists the toolbox modules' readers first, the most basic verb first, then the rules modules' readers, then the rest", () => {
    const names = moreApis({ declared: DECLARED, installed, focus: FOCUS, ruleModules: RULES_MODULES }).map(nameOf);
    const modules = new Set(DECLARED.map((d) => d.module));
    const isModuleReader = (n: string) => modules.has(installed.get(n)!.module) && readerRank(installed.get(n)!) !== undefined;
    const readers = names.filter(isModuleReader);
    expect(names.slice(0, readers.length)).toEqual(readers);
    expect(readers).toEqual(expect.arrayContaining(['xlsx.readRange', 'xlsx.describeWorkbook', 'calendar.listEvents', 'pdf.info']));
    for (let i = 1; i < readers.length; i++)
      expect(readerRank(installed.get(readers[i]!)!)).toBeGreaterThanOrEqual(readerRank(installed.get(readers[i - 1]!)!)!);
    // fs's readers (finding files) follow, before the modules' other APIs; fs's writers are not offered.
    const fs = names.filter((n) => n.startsWith('fs.'));
    expect(fs).toEqual(expect.arrayContaining(['fs.list', 'fs.search']));
    expect(fs.every((n) => installed.get(n)!.effects === 'read')).toBe(true);
    expect(names.indexOf('fs.list')).toBeLessThan(names.indexOf('xlsx.addChart'));
    // Nothing declared is listed again, and nothing twice.
    expect(names.filter((n) => DECLARED.some((d) => d.name === n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it("ranks the modules' other APIs by the words they share with the request and plan", () => {
    const chart = moreApis({ declared: pick('xlsx.writeCells'), installed, focus: 'Add a chart of the revenue column', ruleModules: [] }).map(nameOf);
    const csv = moreApis({ declared: pick('xlsx.writeCells'), installed, focus: 'Export the sheet as a CSV file', ruleModules: [] }).map(nameOf);
    expect(chart.indexOf('xlsx.addChart')).toBeLessThan(chart.indexOf('xlsx.exportCsv'));
    expect(csv.indexOf('xlsx.exportCsv')).toBeLessThan(csv.indexOf('xlsx.addChart'));
  });

  it('a program prompt trimmed to its More budget keeps xlsx.readRange and fs.list and drops the least relevant lines', () => {
    const toolbox = toolboxFor(DECLARED, installed, FOCUS);
    const ranked = (toolbox.more ?? []).map(nameOf);
    const built = buildProgramPrompt({ request: FOCUS, outline: { steps: [], question: '' }, toolbox, countTokens: estimateTokens });
    const system = String(built.messages[0]!.content);
    const shown = system
      .slice(system.indexOf('More APIs'))
      .split('\n')
      .filter((l) => l.startsWith('- '))
      .map(nameOf);
    // At the real budget: the reader and the file finders are there, shown by name.
    expect(shown).toEqual(expect.arrayContaining(['xlsx.readRange', 'fs.list', 'fs.search']));
    expect(shown).toEqual([...shown].sort());
    expect(shown.length).toBeLessThanOrEqual(ranked.length);
    // Trimmed to a tight budget the way the prompt trims: exactly the best-ranked lines that fit.
    let trimmed = false;
    const kept = fitLines(toolbox.more ?? [], 300, estimateTokens, () => (trimmed = true)).map(nameOf);
    expect(trimmed).toBe(true);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(ranked.slice(0, kept.length));
    expect(kept).toContain('xlsx.readRange');
  });

  it('shows whole lines only, within the More budget, none ending inside a word or after an article (issue 13)', () => {
    const toolbox = toolboxFor(DECLARED, installed, FOCUS);
    const built = buildProgramPrompt({ request: FOCUS, outline: { steps: [], question: '' }, toolbox, countTokens: estimateTokens });
    const system = String(built.messages[0]!.content);
    const lines = system
      .slice(system.indexOf('More APIs'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(toolbox.more).toContain(line);
      expect(line.slice(line.indexOf(']: ') + 3).length).toBeLessThanOrEqual(71);
      expect(line).not.toMatch(/\s(a|an|the|of|to|for|in|with|and|or)…$/i);
    }
    expect(lines.reduce((n, l) => n + estimateTokens(l) + 1, 0)).toBeLessThanOrEqual(PROMPT_BUDGETS.program.more);
  });
});
