import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './electron/core/log/logger';
import { GloveEmbedder } from './electron/core/selector/glove-embedder';
import { Selector } from './electron/core/selector/selector';
import { loadBenchApis, loadBenchQueries } from './electron/core/selector/bench/dataset';
const R = '/work/shared/bench/retrieval';
const set = process.env.SET ?? 'seal_tools';
const embedder = await GloveEmbedder.open('/tmp/sel-models');
const docs = await loadBenchApis(`${R}/${set}/apis.jsonl`);
const qs = await loadBenchQueries(`${R}/${set}/queries.dev.jsonl`);
const sel = new Selector({ uri: await mkdtemp(join(tmpdir(), 'exp-')), embedder, source: () => docs, logger: createLogger({ sinks: [] }) });
await sel.start();
let shown = 0;
for (const q of qs.slice(200)) {
  const res = await sel.search(q.query, { k: 5 });
  const names = res.results.map((r) => r.name);
  const miss = q.gold.filter((g) => !names.includes(g));
  if (miss.length && shown++ < 12) console.log(JSON.stringify({ q: q.query.slice(0, 300), gold: q.gold, miss, got: names }));
}
await sel.dispose();
