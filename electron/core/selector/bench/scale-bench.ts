import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiIndex, INGEST_BATCH, type AnnSettings, type IndexRow } from '../api-index';
import { isZero, providerKey, type EmbeddingProvider } from '../embedder';
import { searchableText } from '../tokenize';
import { ExactTopK } from './exact-truth';
import { percentile } from './metrics';
import { loadAverage, RssPhases, rssMb } from './scale-memory';

const VERBS = [
  'get',
  'list',
  'create',
  'update',
  'delete',
  'export',
  'import',
  'merge',
  'split',
  'format',
  'sort',
  'filter',
  'convert',
  'send',
  'schedule',
  'archive',
  'share',
  'print',
  'translate',
  'summarize',
];
const OBJECTS = [
  'slide',
  'chart',
  'table',
  'invoice',
  'calendar event',
  'contact',
  'email',
  'spreadsheet row',
  'document section',
  'image',
  'comment',
  'footnote',
  'pivot table',
  'report',
  'task',
  'meeting',
  'budget',
  'order',
  'ticket',
  'playlist',
  'weather forecast',
  'flight',
  'hotel booking',
  'stock quote',
  'recipe',
];
const QUALIFIERS = [
  'by date',
  'for a customer',
  'in bulk',
  'from a template',
  'with attachments',
  'as PDF',
  'for the current week',
  'by region',
  'with a password',
  'into a folder',
  'across workbooks',
  'for a team',
  'in another language',
  'with tracked changes',
  'by priority',
];

/** Deterministic synthetic API i: a templated name and description (module = one of 1,000 packs). */
export function syntheticApi(i: number): { name: string; module: string; text: string } {
  const verb = VERBS[i % VERBS.length]!;
  const object = OBJECTS[Math.floor(i / VERBS.length) % OBJECTS.length]!;
  const qualifier = QUALIFIERS[Math.floor(i / (VERBS.length * OBJECTS.length)) % QUALIFIERS.length]!;
  const module = `pack${i % 1000}`;
  const camel = `${verb}${object.replace(/(^|\s)(\w)/g, (_, __, c: string) => c.toUpperCase())}${i}`;
  const text = `${module}.${camel}\n${verb} the ${object} ${qualifier}. Variant ${i} of the ${module} pack.\nid: the ${object} identifier\noptions: how to ${verb} it`;
  return { name: `${module}.${camel}`, module, text };
}

export interface ScaleFigures {
  apis: number;
  dimension: number;
  /** Ingest time, without the exact ground truth computed on the same batches (truth_s). */
  ingest_s: number;
  truth_s: number;
  index_s: number;
  vector_index: string;
  disk_mb: number;
  queries: number;
  /** Hybrid query: full-text and vector search run concurrently (embedding excluded). */
  p50_ms: number;
  p95_ms: number;
  fts_p50_ms: number;
  fts_p95_ms: number;
  vector_p50_ms: number;
  vector_p95_ms: number;
  embed_p50_ms: number;
  /** Process CPU time (all threads) per hybrid query: what a query costs regardless of machine load. */
  cpu_ms_per_query: number;
  fts_cpu_ms: number;
  vector_cpu_ms: number;
  'recall@10_vs_exact': number;
  nprobes: number;
  refine_factor: number;
  /** RSS of the process before the selector (embedder and index) was opened. */
  baseline_rss_mb: number;
  peak_rss_mb: number;
  /** Peak minus baseline: the resident memory the selector added. */
  added_rss_mb: number;
  /** Peak RSS per phase (embedder open, ingest, index build, queries). */
  phase_peaks_mb: Record<string, number>;
  load_avg: string;
  /** Other nprobes / refine settings tried on the same index (--sweep). */
  sweep?: { nprobes: number; refine_factor: number; p50_ms: number; p95_ms: number; cpu_ms_per_query: number; 'recall@10_vs_exact': number }[];
}

export interface ScaleBenchOptions {
  apis: number;
  queries: number;
  /** Opens the embedder (after the baseline RSS is taken, so its word vectors count as the selector's). */
  embedder: () => Promise<EmbeddingProvider>;
  ann?: Partial<AnnSettings>;
  /** Extra nprobes/refine settings to time on the same index. */
  sweep?: { nprobes: number; refineFactor: number }[];
  dir?: string;
  progress?: (t: string) => void;
}

/** Synthetic documents in bounded batches: nothing holds all N rows (or their vectors) at once. */
async function* syntheticBatches(n: number, embedder: EmbeddingProvider): AsyncGenerator<IndexRow[]> {
  for (let start = 0; start < n; start += INGEST_BATCH) {
    const apis = Array.from({ length: Math.min(INGEST_BATCH, n - start) }, (_, j) => syntheticApi(start + j));
    const vectors = await embedder.embed(apis.map((a) => a.text));
    yield apis.map((a, j) => ({
      name: a.name,
      module: a.module,
      pack: a.module,
      text: searchableText(a.text),
      effects: 'read',
      prior: 0,
      vector: vectors[j]!,
    }));
  }
}

function syntheticQuery(q: number, apis: number): string {
  const api = syntheticApi((q * 7919) % apis);
  const words = api.text.split('\n')[1]!.split('.')[0]!;
  return `please ${words.replace(/^(\w+) the/, 'I need to $1 a')}`;
}

/** Ingest, index and query N synthetic APIs; ANN recall@10 is measured against exact cosine neighbours. */
export async function runScaleBench(options: ScaleBenchOptions): Promise<ScaleFigures> {
  const baseline = rssMb();
  const phases = new RssPhases();
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'switchboard-bench-scale-')));
  const say = options.progress ?? (() => undefined);
  try {
    phases.enter('embedder');
    const embedder = await options.embedder();
    const index = await ApiIndex.open(dir, {
      dimension: embedder.dimension,
      providerKey: providerKey(embedder),
      fresh: true,
      ...(options.ann ? { ann: options.ann } : {}),
    });
    const queries = Array.from({ length: options.queries }, (_, q) => syntheticQuery(q, options.apis));
    const { embedTimes, vectors } = await embedQueries(embedder, queries);
    // Exact neighbours of the recall queries, accumulated from the batches as they stream past (timed apart).
    const recallQueries = vectors.slice(0, Math.min(options.apis > 200_000 ? 30 : 50, queries.length)).flatMap((v, q) => (v ? [{ q, v }] : []));
    const truth = new ExactTopK(
      recallQueries.map((r) => r.v),
      10,
    );
    phases.enter('ingest');
    const { ingest, truthMs } = await ingestSynthetic(index, options.apis, embedder, truth, say);
    phases.enter('index');
    const t1 = performance.now();
    const built = await index.buildIndices({ unserved: true });
    const indexTime = (performance.now() - t1) / 1000;
    say(`indexed (${built.vectorIndex}) in ${indexTime.toFixed(1)} s (rss ${rssMb()} MB)\n`);

    phases.enter('queries');
    const truthIndex = new Map(recallQueries.map((r, i) => [r.q, i]));
    const { ftsTimes, vecTimes, ftsCpu, vecCpu } = await measureSeparate(index, queries, vectors);
    const hybrid = (nprobes: number, refineFactor: number) => measureHybrid({ index, queries, vectors, truth, truthIndex }, nprobes, refineFactor);
    const main = await hybrid(index.ann.nprobes, index.ann.refineFactor);
    const sweep = await measureSweep(options.sweep ?? [], hybrid, say);
    const peaks = phases.stop();
    index.close();
    const disk = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) / 1024;
    const peak = Math.max(Math.round(process.resourceUsage().maxRSS / 1024), ...Object.values(peaks));
    return {
      apis: options.apis,
      dimension: embedder.dimension,
      ingest_s: round(ingest),
      truth_s: round(truthMs / 1000),
      index_s: round(indexTime),
      vector_index: built.vectorIndex,
      disk_mb: round(disk),
      queries: queries.length,
      p50_ms: round(main.p50),
      p95_ms: round(main.p95),
      fts_p50_ms: round(percentile(sorted(ftsTimes), 50)),
      fts_p95_ms: round(percentile(sorted(ftsTimes), 95)),
      vector_p50_ms: round(percentile(sorted(vecTimes), 50)),
      vector_p95_ms: round(percentile(sorted(vecTimes), 95)),
      embed_p50_ms: round(percentile(sorted(embedTimes), 50)),
      cpu_ms_per_query: round(main.cpu),
      fts_cpu_ms: round(ftsCpu / queries.length),
      vector_cpu_ms: round(vecCpu / queries.length),
      'recall@10_vs_exact': round(main.recall),
      nprobes: index.ann.nprobes,
      refine_factor: index.ann.refineFactor,
      baseline_rss_mb: baseline,
      peak_rss_mb: peak,
      added_rss_mb: peak - baseline,
      phase_peaks_mb: peaks,
      load_avg: loadAverage(),
      ...(sweep.length ? { sweep } : {}),
    };
  } finally {
    phases.stop();
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  }
}

/** Streams the synthetic APIs into the index; the exact-neighbour bookkeeping is timed apart and left out of `ingest`. */
async function ingestSynthetic(
  index: ApiIndex,
  apis: number,
  embedder: EmbeddingProvider,
  truth: ExactTopK,
  say: (text: string) => void,
): Promise<{ ingest: number; truthMs: number }> {
  let truthMs = 0;
  const t0 = performance.now();
  let ingested = 0;
  for await (const batch of syntheticBatches(apis, embedder)) {
    const tt = performance.now();
    truth.add(batch.map((r) => r.vector));
    truthMs += performance.now() - tt;
    await index.appendRows(batch);
    ingested += batch.length;
    if (ingested % 100_000 === 0 || ingested === apis) say(`ingested ${ingested} (rss ${rssMb()} MB)\n`);
  }
  return { ingest: (performance.now() - t0 - truthMs) / 1000, truthMs };
}

/** Full-text and vector search timed one after the other per query (wall time and CPU of each). */
async function measureSeparate(
  index: ApiIndex,
  queries: string[],
  vectors: (Float32Array | undefined)[],
): Promise<{ ftsTimes: number[]; vecTimes: number[]; ftsCpu: number; vecCpu: number }> {
  const ftsTimes: number[] = [];
  const vecTimes: number[] = [];
  let ftsCpu = 0;
  let vecCpu = 0;
  for (let q = 0; q < queries.length; q++) {
    let t = performance.now();
    let cpu = process.cpuUsage();
    await index.fullText(searchableText(queries[q]!), 50);
    ftsTimes.push(performance.now() - t);
    ftsCpu += cpuMs(process.cpuUsage(cpu));
    t = performance.now();
    cpu = process.cpuUsage();
    if (vectors[q]) await index.nearest(vectors[q]!, 50);
    vecTimes.push(performance.now() - t);
    vecCpu += cpuMs(process.cpuUsage(cpu));
  }
  return { ftsTimes, vecTimes, ftsCpu, vecCpu };
}

type HybridFigures = Awaited<ReturnType<typeof measureHybrid>>;

/** The hybrid query again at each nprobes:refine pair, on the same index. */
async function measureSweep(
  pairs: readonly { nprobes: number; refineFactor: number }[],
  hybrid: (nprobes: number, refineFactor: number) => Promise<HybridFigures>,
  say: (text: string) => void,
) {
  const sweep = [];
  for (const s of pairs) {
    const r = await hybrid(s.nprobes, s.refineFactor);
    sweep.push({
      nprobes: s.nprobes,
      refine_factor: s.refineFactor,
      p50_ms: round(r.p50),
      p95_ms: round(r.p95),
      cpu_ms_per_query: round(r.cpu),
      'recall@10_vs_exact': round(r.recall),
    });
    say(
      `nprobes ${s.nprobes} refine ${s.refineFactor}: p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms cpu ${r.cpu.toFixed(1)} ms/query recall@10 ${r.recall.toFixed(3)}\n`,
    );
  }
  return sweep;
}

/** Each query's embedding (undefined for a zero vector) and the time each took. */
async function embedQueries(embedder: EmbeddingProvider, queries: string[]): Promise<{ embedTimes: number[]; vectors: (Float32Array | undefined)[] }> {
  const embedTimes: number[] = [];
  const vectors: (Float32Array | undefined)[] = [];
  for (const query of queries) {
    const t = performance.now();
    const [v] = await embedder.embed([query]);
    embedTimes.push(performance.now() - t);
    vectors.push(v && !isZero(v) ? v : undefined);
  }
  return { embedTimes, vectors };
}

interface HybridRun {
  index: ApiIndex;
  queries: string[];
  vectors: (Float32Array | undefined)[];
  truth: ExactTopK;
  truthIndex: Map<number, number>;
}

/** Full-text and ANN together per query, as the selector runs them: latency, CPU, and recall@10 against exact neighbours. */
async function measureHybrid(run: HybridRun, nprobes: number, refineFactor: number): Promise<{ p50: number; p95: number; recall: number; cpu: number }> {
  const { index, queries, vectors, truth, truthIndex } = run;
  const times: number[] = [];
  let overlap = 0;
  let measured = 0;
  const cpu = process.cpuUsage();
  for (let q = 0; q < queries.length; q++) {
    const v = vectors[q];
    const started = performance.now();
    const [, ann] = await Promise.all([
      index.fullText(searchableText(queries[q]!), 50),
      v ? index.nearest(v, 50, { nprobes, refineFactor }) : Promise.resolve([]),
    ]);
    times.push(performance.now() - started);
    const t = truthIndex.get(q);
    if (t !== undefined) {
      overlap += truth.recall(
        t,
        ann.map((h) => h.score),
      );
      measured++;
    }
  }
  return {
    p50: percentile(sorted(times), 50),
    p95: percentile(sorted(times), 95),
    recall: measured ? overlap / measured : 1,
    cpu: cpuMs(process.cpuUsage(cpu)) / queries.length,
  };
}

function cpuMs(used: NodeJS.CpuUsage): number {
  return (used.user + used.system) / 1000;
}

function sorted(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
