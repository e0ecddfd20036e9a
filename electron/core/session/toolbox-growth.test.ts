import { describe, expect, it } from 'vitest';
import { officeDocuments } from '../../../test/helpers/office-docs';
import { callsOutside, growToolbox, mentionedApis, noteWithin } from './toolbox-growth';
import { declarationTokens, TOOLBOX_BUDGET, toolboxFor } from './turn-toolbox';

const docs = officeDocuments();
const installed = new Map(docs.map((d) => [d.name, d]));
const tokensOf = (name: string) => (installed.has(name) ? declarationTokens(installed.get(name)!) : undefined);

describe('toolbox growth', () => {
  it("brings each chosen module's reading APIs first, then the APIs composition notes name, within the budget", () => {
    const used = tokensOf('xlsx.writeCells')!;
    const grown = growToolbox({ chosen: ['xlsx.writeCells'], installed: docs, tokensOf, used, budget: used + 5000 });
    const names = grown.added.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['xlsx.readRange', 'xlsx.describeWorkbook']));
    expect(names.every((n) => n.startsWith('xlsx.'))).toBe(true);
    expect(grown.added.find((a) => a.name === 'xlsx.readRange')!.why).toMatch(/reads or finds in xlsx/);
    // Nothing that stages or deletes joins as a reader.
    expect(names.filter((n) => installed.get(n)!.effects !== 'read' && !grown.added.find((a) => a.name === n)!.why.includes('composition'))).toEqual([]);
    const tight = growToolbox({ chosen: ['xlsx.writeCells'], installed: docs, tokensOf, used, budget: used + 10 });
    expect(tight.added).toEqual([]);
  });

  it("brings every chosen module's most basic reader, smallest first, before any module's second reader (a large module cannot crowd xlsx.readRange out)", () => {
    // Run D: calendar's readers (about 900 tokens each) joined first and xlsx.readRange no longer fitted.
    const chosen = ['calendar.createEvent', 'xlsx.aggregate'];
    const used = chosen.reduce((n, c) => n + tokensOf(c)!, 0);
    const grown = growToolbox({ chosen, installed: docs, tokensOf, used, budget: TOOLBOX_BUDGET });
    const names = grown.added.map((a) => a.name);
    expect(names).toContain('xlsx.readRange');
    expect(names).toContain('calendar.listEvents');
    // The basic readers come first; a second reader of a module only after every module has its first.
    const firstSecond = names.findIndex((n, i) => names.slice(0, i).some((m) => m.split('.')[0] === n.split('.')[0]));
    if (firstSecond >= 0)
      expect(
        names
          .slice(0, firstSecond)
          .map((n) => n.split('.')[0])
          .sort(),
      ).toEqual(['calendar', 'xlsx']);
    expect(grown.tokens).toBeLessThanOrEqual(TOOLBOX_BUDGET);
  });

  it('finds installed APIs a program calls outside its toolbox (not in strings or on unknown modules)', () => {
    const program = "const r = await xlsx.readRange({ path: 'a.xlsx' });\nawait fs.writeText({ path: 'x.txt', text: 'fs.delete(' });\nawait mail.send({});";
    expect(callsOutside(program, ['xlsx.readRange'], installed)).toEqual(['fs.writeText']);
  });

  it('keeps a note to the sentences that name only declared APIs', () => {
    const note = 'Edits the staged copy. Read first with xlsx.readRange to find the cells.';
    expect(noteWithin(note, new Set(['xlsx.writeCells']), installed)).toBe('Edits the staged copy.');
    expect(noteWithin(note, new Set(['xlsx.readRange']), installed)).toBe(note);
    const toolbox = toolboxFor([installed.get('xlsx.writeCells')!], installed);
    for (const line of toolbox.composition ?? [])
      expect(mentionedApis(line.slice(line.indexOf(':') + 1), installed).every((n) => n === 'xlsx.writeCells')).toBe(true);
  });

  it("lists the other APIs of the toolbox's modules under More APIs, each with its argument fields and types on one line; of other modules only the readers the rules name", () => {
    const chosen = ['xlsx.writeCells'].map((n) => installed.get(n)!);
    const more = toolboxFor(chosen, installed).more ?? [];
    const readRange = more.find((l) => l.startsWith('- xlsx.readRange('));
    // Every field of the schema, required ones without "?", then the effects and the summary.
    expect(readRange).toMatch(/^- xlsx\.readRange\(\{path: string, sheet\?: string, range\?: string, maxRows\?: number[^}]*\}\) \[read\]: \S.+$/);
    expect(more.every((l) => !l.includes('\n'))).toBe(true);
    expect(more.some((l) => l.startsWith('- xlsx.writeCells('))).toBe(false);
    expect(more.filter((l) => !l.startsWith('- xlsx.')).every((l) => /^- fs\.\w+\(.*\) \[read\]/.test(l))).toBe(true);
  });
});
