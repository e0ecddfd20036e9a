import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiIndex, type IndexRow } from '../api-index';
import { isZero, providerKey, type EmbeddingProvider } from '../embedder';
import { searchableText } from '../tokenize';
import { percentile } from './metrics';

const VERBS = ['get', 'list', 'create', 'update', 'delete', 'export', 'import', 'merge', 'split', 'format', 'sort', 'filter', 'convert', 'send', 'schedule', 'archive', 'share', 'print', 'translate', 'summarize'];
const OBJECTS = ['slide', 'chart', 'table', 'invoice', 'calendar event', 'contact', 'email', 'spreadsheet row', 'document section', 'image', 'comment', 'footnote', 'pivot table', 'report', 'task', 'meeting', 'budget', 'order', 'ticket', 'playlist', 'weather forecast', 'flight', 'hotel booking', 'stock quote', 'recipe'];
const QUALIFIERS = ['by date', 'for a customer', 'in bulk', 'from a template', 'with attachments', 'as PDF', 'for the current week', 'by region', 'with a password', 'into a folder', 'across workbooks', 'for a team', 'in another language', 'with tracked changes', 'by priority'];

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
  ingest_s: number;
  index_s: number;
  vector_index: string;
  disk_mb: number;
  queries: number;
  p50_ms: number;
  p95_ms: number;
  'recall@10_vs_exact': number;
  peak_rss_mb: number;
}

/** Ingest, index and query N synthetic APIs; ANN recall@10 is measured against exact (flat) search. */
export async function runScaleBench(options: { apis: number; queries: number; embedder: EmbeddingProvider; dir?: string; progress?: (t: string) => void }): Promise<ScaleFigures> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'switchboard-bench-scale-')));
  const say = options.progress ?? (() => undefined);
  try {
    const index = await ApiIndex.open(dir, { dimension: options.embedder.dimension, providerKey: providerKey(options.embedder), fresh: true });
    const t0 = performance.now();
    const batch = 50_000;
    const rows: IndexRow[] = [];
    for (let start = 0; start < options.apis; start += batch) {
      const apis = Array.from({ length: Math.min(batch, options.apis - start) }, (_, j) => syntheticApi(start + j));
      const vectors = await options.embedder.embed(apis.map((a) => a.text));
      rows.length = 0;
      apis.forEach((a, j) => rows.push({ name: a.name, module: a.module, pack: a.module, text: searchableText(a.text), effects: 'read', prior: 0, vector: vectors[j]! }));
      await index.appendRows(rows);
      say(`ingested ${start + apis.length}\n`);
    }
    const ingest = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const built = await index.buildIndices();
    const indexTime = (performance.now() - t1) / 1000;
    say(`indexed (${built.vectorIndex}) in ${indexTime.toFixed(1)} s\n`);

    const times: number[] = [];
    let overlap = 0;
    let measured = 0;
    for (let q = 0; q < options.queries; q++) {
      const api = syntheticApi((q * 7919) % options.apis);
      const words = api.text.split('\n')[1]!.split('.')[0]!;
      const query = `please ${words.replace(/^(\w+) the/, 'I need to $1 a')}`;
      const [vector] = await options.embedder.embed([query]);
      const t = performance.now();
      const [, ann] = await Promise.all([index.fullText(searchableText(query), 50), isZero(vector!) ? Promise.resolve([]) : index.nearest(vector!, 50)]);
      times.push(performance.now() - t);
      if (q < 50 && ann.length > 0) {
        const exact = await index.nearest(vector!, 10, { exact: true });
        const top = new Set(ann.slice(0, 10).map((h) => h.name));
        overlap += exact.filter((h) => top.has(h.name)).length / exact.length;
        measured++;
      }
    }
    times.sort((a, b) => a - b);
    index.close();
    const disk = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]) / 1024;
    return {
      apis: options.apis,
      dimension: options.embedder.dimension,
      ingest_s: round(ingest),
      index_s: round(indexTime),
      vector_index: built.vectorIndex,
      disk_mb: round(disk),
      queries: times.length,
      p50_ms: round(percentile(times, 50)),
      p95_ms: round(percentile(times, 95)),
      'recall@10_vs_exact': round(measured ? overlap / measured : 1),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    if (!options.dir) await rm(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
