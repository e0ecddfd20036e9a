import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../electron/core/log/logger';
import { loadBenchApis, type BenchQuery } from '../../electron/core/selector/bench/dataset';
import { openEmbedder } from '../../electron/core/selector/providers';
import { calibrate } from '../../electron/core/selector/feedback-calibration';
import { Selector, type Retrieval, type SelectorWeights } from '../../electron/core/selector/selector';

/** Dev-only: diagnose feedback on one set (seen / unseen gold), on the bench's even/odd split. */
const set = process.argv[2]!;
const root = process.env.RETRIEVAL_DIR ?? '/work/shared/bench/retrieval';
const docs = await loadBenchApis(join(root, set, 'apis.jsonl'));
const dev = (await readFile(join(root, set, 'queries.dev.jsonl'), 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as BenchQuery);
const train = dev.filter((_, i) => i % 2 === 0);
let test = dev.filter((_, i) => i % 2 === 1);
const stride = Math.ceil(test.length / 1500);
test = test.filter((_, i) => i % stride === 0);
const embedder = await openEmbedder({ kind: 'glove', modelsDir: join(homedir(), '.switchboard', 'models'), env: process.env });
const dir = await mkdtemp(join(tmpdir(), 'recall-tune-'));
const selector = new Selector({ uri: dir, embedder, source: () => docs, logger: createLogger({ sinks: [] }) });
await selector.start();
for (const f of train) {
  await selector.recordFeedback({ request: f.query, apis: f.gold, outcome: 'applied' });
  await selector.recordFeedback({ request: f.query, apis: f.gold, outcome: 'up' });
}
const cal = calibrate(selector.memory);
console.log(JSON.stringify(cal?.curve), cal?.pairs);
const seen = new Set(train.flatMap((q) => q.gold));
const retrievals: Retrieval[] = [];
for (const q of test) retrievals.push(await selector.retrieve(q.query, { k: 10 }));
const configs: [string, Partial<SelectorWeights>, number | 'cal'][] = JSON.parse(process.argv[3] ?? '[["cold",{"feedback":0}],["default",{}]]');
for (const [label, w, sharp] of configs) {
  let hitS = 0, nS = 0, hitU = 0, nU = 0, r5 = 0;
  test.forEach((q, i) => {
    const r = retrievals[i]!;
    const fb = selector.memory.score(r.text, r.vector, sharp === 'cal' ? { confidence: cal?.confidence ?? ((x: number) => x ** 4) } : { sharpness: sharp ?? 4 });
    const top = selector.rank(r, 10, { ...selector.weights, ...w }, fb).slice(0, 5).map((x) => x.name);
    let h = 0;
    for (const g of q.gold) {
      const hit = top.includes(g) ? 1 : 0;
      h += hit;
      if (seen.has(g)) { nS++; hitS += hit; } else { nU++; hitU += hit; }
    }
    r5 += h / q.gold.length;
  });
  console.log(`${set} ${label.padEnd(24)} R@5 ${(100 * r5 / test.length).toFixed(1)}  seen ${(100 * hitS / nS).toFixed(1)} (${nS})  unseen ${(100 * hitU / nU).toFixed(1)} (${nU})`);
}
await selector.dispose();
await rm(dir, { recursive: true, force: true });
