import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './electron/core/log/logger';
import { GloveEmbedder } from './electron/core/selector/glove-embedder';
import { Selector } from './electron/core/selector/selector';
import { loadBenchApis, loadBenchQueries } from './electron/core/selector/bench/dataset';
import { scoreQuery } from './electron/core/selector/bench/metrics';
const R = '/work/shared/bench/retrieval';
const sets = (process.env.SETS ?? 'toolbench_stb,gorilla_apibench,seal_tools,bfcl,metatool,pptc,sheetcopilot,office_mix').split(',');
const configs = JSON.parse(process.env.CONFIGS ?? '[{"vector":1,"fullText":1},{"vector":0,"fullText":1},{"vector":1,"fullText":0}]');
const embedder = await GloveEmbedder.open('/tmp/sel-models');
const logger = createLogger({ sinks: [] });
const fb = process.env.FB === '1';
for (const set of sets) {
  const docs = await loadBenchApis(`${R}/${set}/apis.jsonl`);
  let qs = await loadBenchQueries(`${R}/${set}/queries.dev.jsonl`);
  const feed = fb ? qs.filter((_, i) => i % 2 === 0) : [];
  if (fb) qs = qs.filter((_, i) => i % 2 === 1);
  const st = Math.ceil(qs.length / 1500); qs = qs.filter((_, i) => i % st === 0);
  const sel = new Selector({ uri: await mkdtemp(join(tmpdir(), 'exp-')), embedder, source: () => docs, logger, rrfK: Number(process.env.RRFK ?? 60) });
  await sel.start();
  for (const f of feed) { await sel.recordFeedback({ request: f.query, apis: f.gold, outcome: 'applied' }); }
  const row: string[] = [];
  for (const c of configs) {
    Object.assign(sel.weights, c);
    let r5 = 0;
    for (const q of qs) { const res = await sel.search(q.query, { k: 10 }); r5 += scoreQuery(res.results.map((r) => r.name), q.gold).recall[5]; }
    row.push((100 * r5 / qs.length).toFixed(1));
  }
  console.log(set.padEnd(18), row.join('  '));
  await sel.dispose();
}
