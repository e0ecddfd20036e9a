import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { convertGloveJson } from '../../../core/selector/glove-cache';
import { tempHome } from '../../../../test/helpers/temp-home';
import { writeTinyCache, writeTinyWink } from '../../../../test/helpers/word-vectors';
import { runCli } from '../program';

describe('switchboard bench select', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempHome('switchboard-bench-cli-')));
  afterEach(() => cleanup());

  it('prints exactly one JSON object with the contract keys on the last line', async () => {
    const models = join(dir, 'models');
    await mkdir(models);
    await writeTinyCache(models, await convertGloveJson(await writeTinyWink(dir)));
    const api = (name: string, description: string) =>
      JSON.stringify({ name, module: 'm', description, parameters: [{ name: 'title', type: 'string', description: 'the heading' }] });
    await writeFile(
      join(dir, 'apis.jsonl'),
      [api('add_slide', 'Adds a slide to the deck.'), api('sendEmail', 'Sends an email message.'), api('weatherForecast', 'Gets the weather forecast.')].join(
        '\n',
      ),
    );
    const q = (query: string, gold: string[]) => JSON.stringify({ id: query, query, gold });
    await writeFile(join(dir, 'queries.jsonl'), [q('add a slide please', ['add_slide']), q('mail a message to Bob', ['sendEmail'])].join('\n'));
    await writeFile(join(dir, 'feedback.jsonl'), q('send mail to the team', ['sendEmail']));
    let out = '';
    const code = await runCli(
      [
        '--home',
        join(dir, 'home'),
        'bench',
        'select',
        '--apis',
        join(dir, 'apis.jsonl'),
        '--queries',
        join(dir, 'queries.jsonl'),
        '--feedback',
        join(dir, 'feedback.jsonl'),
        '--k',
        '5',
        '--json',
      ],
      {
        out: (t) => (out += t),
        err: () => undefined,
        env: { SWITCHBOARD_MODELS_DIR: models },
      },
    );
    expect(code).toBe(0);
    const last = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
    // The contract keys first; with --feedback, what was learned and what feedback could reach follow.
    expect(Object.keys(last)).toEqual([
      'apis',
      'queries',
      'feedback',
      'recall@1',
      'recall@5',
      'recall@10',
      'ndcg@5',
      'comp@5',
      'p50_ms',
      'p95_ms',
      'feedback_weight',
      'clause_lead',
      'gold_seen',
      'ceiling@5',
    ]);
    expect(last).toMatchObject({ gold_seen: 0.5 });
    expect(last).toMatchObject({ apis: 3, queries: 2, feedback: 1, 'recall@5': 1 });
  });

  it('refuses a bad --embedder with exit code 2', async () => {
    let err = '';
    const code = await runCli(['bench', 'select', '--apis', 'a', '--queries', 'b', '--embedder', 'bert'], {
      out: () => undefined,
      err: (t) => (err += t),
      env: {},
    });
    expect(code).toBe(2);
    expect(err).toMatch(/glove, openai or onnx/);
  });
});
