import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { SAMPLE_DOCS, selectorDoc } from '../../../test/helpers/selector-docs';
import { writeTinyWink } from '../../../test/helpers/word-vectors';
import { createLogger } from '../log/logger';
import type { SelectorDoc } from './documents';
import { GloveEmbedder } from './glove-embedder';
import { Selector } from './selector';

/** How people ask, in words the API documents do not use; the held-out objects are never in feedback. */
const NEEDS: [string, (object: string) => string][] = [
  ['billing.createInvoice', (o) => `charge the client for the ${o} work`],
  ['weather.forecast', (o) => `should i pack an umbrella for the ${o} trip`],
  ['mail.sendEmail', (o) => `tell the team about the ${o} outage`],
  ['sheets.addRows', (o) => `log the ${o} numbers we counted`],
];
const SEEN = ['garden', 'roof', 'kitchen', 'office', 'school', 'museum', 'bridge', 'station', 'library', 'stadium'];

describe('Selector feedback', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let docs: SelectorDoc[];
  let selector: Selector;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempHome('switchboard-selector-feedback-'));
    const embedder = await GloveEmbedder.open(join(dir, 'models'), { source: await writeTinyWink(dir) });
    docs = [...SAMPLE_DOCS];
    selector = new Selector({ uri: join(dir, 'index'), embedder, source: () => docs, logger: createLogger({ sinks: [] }) });
    await selector.start();
  });
  afterEach(async () => {
    await selector.dispose();
    await cleanup();
  });

  const rankOf = async (query: string, name: string): Promise<number> => (await selector.search(query, { k: 10 })).results.findIndex((r) => r.name === name);

  it('learns from feedback on some wordings and lifts held-out paraphrases (calibrated, weight learned by replay)', async () => {
    // New wordings (other objects, other phrasing) of the four needs; never replayed as feedback.
    const heldOut: [string, string][] = [
      ['could you charge our client for the harbour work please', 'billing.createInvoice'],
      ['should i pack an umbrella for the lake trip', 'weather.forecast'],
      ['please tell the team about the printer outage', 'mail.sendEmail'],
      ['log the harbour numbers we counted today', 'sheets.addRows'],
    ];
    const firsts = async (): Promise<number> =>
      (await Promise.all(heldOut.map(async ([q, api]) => ((await rankOf(q, api)) === 0 ? 1 : 0)))).reduce<number>((a, b) => a + b, 0);
    const before = await firsts();
    expect(before).toBeLessThan(heldOut.length);
    for (const [api, ask] of NEEDS) for (const object of SEEN) await selector.recordFeedback({ request: ask(object), apis: [api], outcome: 'applied' });
    const learned = await selector.learnFeedbackWeight();
    expect(learned!.weight).toBeGreaterThan(0);
    expect(learned!.recall[`${learned!.weight}/${learned!.clauseLead}`]).toBeGreaterThan(learned!.recall['0/cover']!);
    expect(selector.calibration).toBeDefined();
    expect(await firsts()).toBe(heldOut.length);
    const after = await selector.search(heldOut[0]![0], { k: 5 });
    expect(after.results[0]!.signals.feedback).toBeDefined();
  });

  it('remembers each step of a multi-step request with the API it used, so a new request sharing one step finds it', async () => {
    for (const object of SEEN)
      await selector.recordFeedback({
        request: `Add a slide about the ${object} review. Then send an email with the ${object} notes to everyone.`,
        apis: ['slides.addSlide', 'mail.sendEmail'],
        outcome: 'applied',
      });
    // Each step voted only for its own API.
    const step = selector.clauseMemory.nearest('send an email with the roof notes to everyone', undefined, { k: 1 })[0]!;
    expect([...step.votes.keys()]).toEqual(['mail.sendEmail']);
    // A new two-step request: one step never seen, the other a learned step in new words.
    const retrieval = await selector.retrieve('Check the weather forecast for Oslo. Then email the harbour notes to everyone.', { k: 10 });
    expect(retrieval.texts).toHaveLength(3);
    const scores = selector.feedbackScores(retrieval);
    expect(scores.clauses![1]![0]!.name).toBe('mail.sendEmail');
    // The unseen step gets at most a weak, distant vote.
    const stray = scores.clauses![0]!.find((h) => h.name === 'slides.addSlide')?.score ?? 0;
    expect(stray).toBeLessThan(scores.clauses![1]![0]!.score / 2);
    // Replay leaves the request out with its steps: nothing of its own comes back.
    const own = 'Add a slide about the roof review. Then send an email with the roof notes to everyone.';
    const replayed = selector.feedbackScores(await selector.retrieve(own, { k: 10 }), own);
    expect(replayed.clauses!.flat().every((h) => h.score < 1)).toBe(true);
  });

  it('puts each step of a multi-step request first in lead mode, and a detail sentence adds no lead of its own', async () => {
    const retrieval = await selector.retrieve(
      'Check the weather forecast for Oslo tomorrow. Then send an email message to the team. The email message goes to everyone.',
      { k: 10 },
    );
    expect(retrieval.texts).toHaveLength(4);
    const lead = selector.rank(retrieval, 10, { ...selector.weights, clauseLead: 'lead', feedback: 0 }).map((r) => r.name);
    expect(new Set(lead.slice(0, 2))).toEqual(new Set(['weather.forecast', 'mail.sendEmail']));
    // Fused order only (mode `fused`) is the plain fusion of all the lists.
    const fused = selector.rank(retrieval, 10, { ...selector.weights, clauseLead: 'fused', feedback: 0 }).map((r) => r.name);
    expect(new Set(fused)).toEqual(new Set(lead));
    // After the two steps' leads, the rest keeps the fused order: the third sentence added nothing.
    expect(lead.slice(2)).toEqual(fused.filter((n) => !lead.slice(0, 2).includes(n)));
  });

  it('embeds past requests learned while the embedder was down once it works, and relearns from them', async () => {
    const glove = await GloveEmbedder.open(join(dir, 'models'), { source: await writeTinyWink(dir) });
    let down = true;
    const flaky = {
      id: glove.id,
      version: glove.version,
      dimension: glove.dimension,
      embed: (texts: readonly string[]) => (down ? Promise.reject(new Error('still building')) : glove.embed(texts)),
    };
    const later = new Selector({ uri: join(dir, 'index-flaky'), embedder: flaky, source: () => docs, logger: createLogger({ sinks: [] }) });
    await later.start();
    try {
      const request = (o: string) => `should i pack an umbrella for the ${o} trip. then tell the team about the ${o} outage`;
      for (const object of SEEN) await later.recordFeedback({ request: request(object), apis: ['weather.forecast', 'mail.sendEmail'], outcome: 'applied' });
      expect(later.memory.requestsWithoutVectors()).toHaveLength(SEEN.length);
      down = false;
      const filled = await later.fillFeedbackVectors();
      expect(filled).toBeGreaterThanOrEqual(SEEN.length);
      expect(later.memory.requestsWithoutVectors()).toEqual([]);
      expect(later.clauseMemory.requestsWithoutVectors()).toEqual([]);
      expect([...later.memory.requests()].every((r) => r.vector !== undefined)).toBe(true);
      expect(await later.fillFeedbackVectors()).toBe(0);
    } finally {
      await later.dispose();
    }
  });

  it('lowers an API discarded on similar requests, but never buries a new API the words match', async () => {
    docs.push(selectorDoc('slides.headingStyle', 'Heading styles for slides: heading font, heading color.'));
    await selector.syncPack('slides-pack');
    const query = 'heading font and color for the slides';
    const before = (await selector.search(query, { k: 10 })).results;
    const first = before.findIndex((r) => r.name === 'slides.headingStyle');
    expect(first).toBe(0);
    for (const object of SEEN)
      await selector.recordFeedback({ request: `heading font and color for the ${object} slides`, apis: ['slides.headingStyle'], outcome: 'discarded' });
    for (const object of SEEN)
      await selector.recordFeedback({ request: `heading font and colour for the ${object} deck`, apis: ['slides.setTitle'], outcome: 'applied' });
    await selector.learnFeedbackWeight();
    const after = (await selector.search(query, { k: 10 })).results;
    const hit = after.find((r) => r.name === 'slides.headingStyle')!;
    expect(hit.penalty).toBeGreaterThan(0);
    expect(hit.score).toBeLessThan(before[first]!.score);
    // Bounded: at most one rank-1 vote off, so it stays among the first results.
    expect(after.indexOf(hit)).toBeLessThan(5);
  });

  it('keeps the usage prior bounded, writes it to the index, and a heavily used API does not pass a new one the words match', async () => {
    for (let i = 0; i < 200; i++) await selector.recordFeedback({ request: `add slide number ${i}`, apis: ['slides.addSlide'], outcome: 'applied' });
    const prior = selector.memory.prior('slides.addSlide');
    expect(prior).toBeGreaterThan(0.9);
    expect(prior).toBeLessThan(1);
    docs.push(selectorDoc('poll.createPoll', 'Creates a poll survey with voting options.'));
    await selector.syncPack('poll-pack');
    // The prior alone (at most 0.3 of a rank-1 vote) does not pass it; with the votes of past requests
    // that "create" resembles, at most the few APIs they voted for can.
    const retrieval = await selector.retrieve('create a poll survey', { k: 10 });
    expect(selector.rank(retrieval, 10, { ...selector.weights, feedback: 0 })[0]!.name).toBe('poll.createPoll');
    expect(await rankOf('create a poll survey', 'poll.createPoll')).toBeLessThanOrEqual(1);
    // A rebuild writes the learned prior into the table's prior column.
    await selector.rebuild('test');
    const db = await lancedb.connect(join(dir, 'index'));
    try {
      const [name] = await db.tableNames();
      const rows = await (await db.openTable(name!)).query().select(['name', 'prior']).toArray();
      const priors = new Map(rows.map((r: { name: string; prior: number }) => [r.name, r.prior]));
      expect(priors.get('slides.addSlide')).toBeCloseTo(prior, 5);
      expect(priors.get('poll.createPoll')).toBe(0);
    } finally {
      db.close();
    }
  });
});
