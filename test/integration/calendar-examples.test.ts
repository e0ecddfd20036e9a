import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarPack } from '../../apis/calendar/pack';
import { packDocuments } from '../../apis/sdk';
import { apiContext, runSnippet } from '../helpers/api-harness';
import { writeCalendarFixtures } from '../helpers/calendar-fixtures';
import { exampleTypeErrors } from '../helpers/pack-examples';
import { testStaging } from '../helpers/staging';

const docs = packDocuments(calendarPack);
const examples = docs.flatMap((d) => d.examples.map((code, i) => ({ name: `${d.name} #${i + 1}`, code, effects: d.effects })));

describe('calendar pack documents', () => {
  it('are complete: description, described parameters, an example, composition and effects', () => {
    expect(docs.map((d) => d.name).sort()).toEqual(
      ['checkOverlaps', 'createEvent', 'deleteEvent', 'exportIcs', 'findFreeTime', 'importIcs', 'listEvents', 'updateEvent'].map((v) => `calendar.${v}`),
    );
    for (const d of docs) {
      expect(d.description.length, d.name).toBeGreaterThan(120);
      expect(d.examples.length, d.name).toBeGreaterThan(0);
      expect(d.composition.length, d.name).toBeGreaterThan(20);
      expect(d.description, d.name).toMatch(/Output[\s\S]*Errors/);
    }
    expect(docs.find((d) => d.name === 'calendar.deleteEvent')?.effects).toBe('destructive');
    expect(
      docs
        .filter((d) => d.effects === 'read')
        .map((d) => d.name)
        .sort(),
    ).toEqual(['calendar.checkOverlaps', 'calendar.findFreeTime', 'calendar.listEvents']);
  });

  it('have examples that type-check against the generated declarations', () => {
    expect(exampleTypeErrors(docs, examples)).toEqual([]);
  });

  it.each(examples)('runs $name against the implementation', async ({ code, effects }) => {
    const root = await mkdtemp(join(tmpdir(), 'calendar-example-'));
    try {
      await writeCalendarFixtures(root);
      const ctx = apiContext(await testStaging([root]));
      const logged = await runSnippet([calendarPack], code, ctx);
      // A reading example logs what it found; a writing one stages the calendar it changed.
      if (effects === 'read') expect(logged.length > 0 || /calendar\.create/.test(code)).toBe(true);
      else expect(ctx.staging.entries().length).toBeGreaterThan(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
