// Shared selector index on S3-compatible storage (s3rver on 127.0.0.1): requests and time per search, per
// pointer check and per rebuild, against the same index on local disk. `npx tsx test/bench/shared-index.bench.ts [apis]`
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../../electron/core/log/logger';
import { GloveEmbedder } from '../../electron/core/selector/glove-embedder';
import { Selector } from '../../electron/core/selector/selector';
import { startS3 } from '../helpers/s3-server';
import { selectorDoc } from '../helpers/selector-docs';
import { tempHome } from '../helpers/temp-home';
import { writeTinyWink } from '../helpers/word-vectors';

const count = Number(process.argv[2] ?? 2000);
const docs = Array.from({ length: count }, (_, i) =>
  selectorDoc(
    `m${i % 50}.op${i}`,
    ['Adds a slide to the deck.', 'Sends an email message.', 'Appends rows to a sheet table.', 'Gets the weather forecast.'][i % 4]!,
  ),
);
const queries = ['add a slide to the deck', 'send an email', 'append rows to the table', 'weather forecast for a city'];
const logger = createLogger({ sinks: [] });

const { dir, cleanup } = await tempHome('switchboard-bench-shared-');
const s3 = await startS3('bench');
const embedder = await GloveEmbedder.open(join(dir, 'models'), { source: await writeTinyWink(dir) });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const snapshot = () => ({ ...s3.requests });
const diff = (a: Record<string, number>, b: Record<string, number>, per = 1) =>
  Object.fromEntries(
    Object.keys(b)
      .map((k) => [k, Number((((b[k] ?? 0) - (a[k] ?? 0)) / per).toFixed(1))])
      .filter(([, v]) => Number(v) > 0),
  );

for (const where of ['local', 's3'] as const) {
  const uri = where === 'local' ? join(dir, 'index') : `s3://${s3.bucket}/bench/index`;
  const open = (refreshMs: number) =>
    new Selector({ uri, embedder, source: () => docs, logger, storageOptions: s3.storageOptions, shared: { refreshMs, keepMs: 600_000 } });
  let before = snapshot();
  let t = performance.now();
  const a = open(3_600_000);
  await a.start();
  console.log(`${where}: first build of ${count} APIs ${(performance.now() - t).toFixed(0)} ms`, where === 's3' ? diff(before, snapshot()) : '');
  for (const q of queries) await a.search(q, { k: 5 }); // warm
  const times: number[] = [];
  before = snapshot();
  for (let i = 0; i < 40; i++) {
    t = performance.now();
    await a.search(queries[i % queries.length]!, { k: 5 });
    times.push(performance.now() - t);
  }
  console.log(
    `${where}: search median ${median(times).toFixed(1)} ms (40 searches, refresh off)`,
    where === 's3' ? { perSearch: diff(before, snapshot(), 40) } : '',
  );
  if (where === 's3') {
    const b = open(0);
    await b.start();
    before = snapshot();
    const checks: number[] = [];
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      await b.search(queries[i % queries.length]!, { k: 5 });
      checks.push(performance.now() - t);
    }
    const withCheck = diff(before, snapshot(), 20);
    console.log(`s3: search with a pointer check before it, median ${median(checks).toFixed(1)} ms`, { perSearch: withCheck });
    await b.dispose();
  }
  before = snapshot();
  t = performance.now();
  await a.rebuild('bench');
  console.log(`${where}: rebuild ${(performance.now() - t).toFixed(0)} ms`, where === 's3' ? diff(before, snapshot()) : '');
  await a.dispose();
}
await s3.close();
await cleanup();
