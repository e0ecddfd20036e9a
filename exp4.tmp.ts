import { loadBenchApis, loadBenchQueries } from './electron/core/selector/bench/dataset';
import { scoreQuery } from './electron/core/selector/bench/metrics';
import { tokenize } from './electron/core/selector/tokenize';
const R = '/work/shared/bench/retrieval';
for (const set of (process.env.SETS ?? 'metatool').split(',')) {
  const docs = await loadBenchApis(`${R}/${set}/apis.jsonl`);
  const all = await loadBenchQueries(`${R}/${set}/queries.dev.jsonl`); const st = Math.ceil(all.length / 1500); const qs = all.filter((_, i) => i % st === 0);
  const toks = docs.map((d) => tokenize(d.text));
  const df = new Map<string, number>(); for (const t of toks) for (const w of new Set(t)) df.set(w, (df.get(w) ?? 0) + 1);
  const avg = toks.reduce((a, t) => a + t.length, 0) / toks.length; const N = docs.length;
  const tfs = toks.map((t) => { const m = new Map<string, number>(); for (const w of t) m.set(w, (m.get(w) ?? 0) + 1); return m; });
  let r5 = 0;
  for (const q of qs) {
    const qt = tokenize(q.query);
    const scores = tfs.map((tf, i) => { let s = 0; for (const w of qt) { const f = tf.get(w); if (!f) continue; const idf = Math.log(1 + (N - df.get(w)! + 0.5) / (df.get(w)! + 0.5)); s += idf * f * 2.5 / (f + 1.5 * (0.25 + 0.75 * toks[i]!.length / avg)); } return [s, i] as const; });
    const ranked = scores.sort((a, b) => b[0] - a[0]).slice(0, 10).map(([, i]) => docs[i]!.name);
    r5 += scoreQuery(ranked, q.gold).recall[5];
  }
  console.log(set, (100 * r5 / qs.length).toFixed(1));
}
