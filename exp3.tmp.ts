import { GloveEmbedder } from './electron/core/selector/glove-embedder';
import { dot, normalize } from './electron/core/selector/embedder';
import { loadBenchApis, loadBenchQueries } from './electron/core/selector/bench/dataset';
import { scoreQuery } from './electron/core/selector/bench/metrics';
const e = await GloveEmbedder.open('/tmp/sel-models');
const R = '/work/shared/bench/retrieval';
for (const set of ['toolbench_stb', 'pptc', 'bfcl']) {
  const docs = await loadBenchApis(`${R}/${set}/apis.jsonl`);
  const qs = (await loadBenchQueries(`${R}/${set}/queries.dev.jsonl`)).slice(0, 1500);
  const dv = docs.map((d) => e.embedOne(d.text));
  const mean = new Float32Array(100); for (const v of dv) for (let i = 0; i < 100; i++) mean[i]! += v[i]! / dv.length;
  const dv2 = dv.map((v) => normalize(v.map((x, i) => x - mean[i]!)));
  const run = (vs: Float32Array[], center: boolean) => {
    let r5 = 0;
    for (const q of qs) {
      let qv = e.embedOne(q.query); if (center) qv = normalize(qv.map((x, i) => x - mean[i]!));
      const ranked = vs.map((v, i) => [dot(v, qv), i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10).map(([, i]) => docs[i]!.name);
      r5 += scoreQuery(ranked, q.gold).recall[5];
    }
    return (100 * r5 / qs.length).toFixed(1);
  };
  console.log(set, run(dv, false), run(dv2, true));
}
