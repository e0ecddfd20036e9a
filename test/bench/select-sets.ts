import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm run bench:select`: runs `switchboard bench select` on every dev set in ../shared/bench/retrieval
 * (or $RETRIEVAL_DIR), cold and with feedback, and prints the README tables. Up to 1,500 queries per
 * run, taken evenly through the file. With feedback, the dev file is split in two halves by alternate
 * lines: even lines are replayed as feedback, odd lines are evaluated. The data is read in place and
 * the split files live in a temporary folder (some sets are GPL; nothing is copied into the repo).
 */

const BM25_R5: Record<string, number> = {
  toolbench_stb: 62.4,
  gorilla_apibench: 19.8,
  seal_tools: 87.6,
  bfcl: 66.9,
  metatool: 45.9,
  pptc: 73.4,
  sheetcopilot: 59.3,
  office_mix: 46.7,
};
const run = promisify(execFile);
// ../shared beside the repository (a worktree one level deeper finds it one level further up).
const candidates = [
  process.env.RETRIEVAL_DIR,
  join(import.meta.dirname, '../../../shared/bench/retrieval'),
  join(import.meta.dirname, '../../../../shared/bench/retrieval'),
];
const root = resolve(
  (
    await Promise.all(
      candidates.map(async (c) =>
        c &&
        (await readdir(c).then(
          () => true,
          () => false,
        ))
          ? c
          : undefined,
      ),
    )
  ).find(Boolean) ?? '../shared/bench/retrieval',
);
// `npm run bench:select -- bfcl seal_tools` runs only those sets.
const only = process.argv.slice(2);
const sets = (await readdir(root)).filter((s) => (s in BM25_R5 || process.env.ALL_SETS) && (only.length === 0 || only.includes(s))).sort();
const work = await mkdtemp(join(tmpdir(), 'switchboard-select-sets-'));

const lines = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
const sample = (items: string[], max = 1500): string[] => {
  const stride = Math.ceil(items.length / max);
  return items.filter((_, i) => i % stride === 0);
};

async function bench(args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run('npm', ['run', '-s', 'switchboard', '--', 'bench', 'select', ...args, '--json'], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
}

const rows: { set: string; cold: Record<string, number>; fed: Record<string, number> }[] = [];
try {
  for (const set of sets) {
    const dev = await lines(join(root, set, 'queries.dev.jsonl'));
    const coldFile = join(work, `${set}.cold.jsonl`);
    const feedFile = join(work, `${set}.feedback.jsonl`);
    const evalFile = join(work, `${set}.eval.jsonl`);
    await writeFile(coldFile, `${sample(dev).join('\n')}\n`);
    await writeFile(feedFile, `${dev.filter((_, i) => i % 2 === 0).join('\n')}\n`);
    await writeFile(evalFile, `${sample(dev.filter((_, i) => i % 2 === 1)).join('\n')}\n`);
    const apis = join(root, set, 'apis.jsonl');
    const cold = await bench(['--apis', apis, '--queries', coldFile]);
    const fed = await bench(['--apis', apis, '--queries', evalFile, '--feedback', feedFile]);
    rows.push({ set, cold, fed });
    process.stderr.write(`${set}: cold R@5 ${cold['recall@5']}, with feedback ${fed['recall@5']}\n`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const pct = (x: number): string => (100 * x).toFixed(1);
const delta = (x: number, ref: number): string => `${100 * x - ref >= 0 ? '+' : ''}${(100 * x - ref).toFixed(1)}`;
const table = (title: string, pick: (r: (typeof rows)[number]) => Record<string, number>, reach = false): string => {
  const extra = reach ? ' learned weight / clause mode | gold seen | ceiling R@5 |' : '';
  const out = [
    `#### ${title}`,
    '',
    `| set | APIs | queries | feedback | R@1 | R@5 | BM25 R@5 | Δ | R@10 | nDCG@5 | comp@5 | p50 ms | p95 ms |${extra}`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|---|${reach ? '---|---|---|' : ''}`,
  ];
  let sum = 0;
  for (const r of rows) {
    const f = pick(r);
    const ref = BM25_R5[r.set] ?? NaN;
    sum += 100 * f['recall@5']! - ref;
    out.push(
      `| ${r.set} | ${f.apis} | ${f.queries} | ${f.feedback} | ${pct(f['recall@1']!)} | ${pct(f['recall@5']!)} | ${ref} | ${delta(f['recall@5']!, ref)} | ${pct(f['recall@10']!)} | ${pct(f['ndcg@5']!)} | ${pct(f['comp@5']!)} | ${f.p50_ms} | ${f.p95_ms} |${reach ? ` ${f.feedback_weight} / ${f.clause_lead} | ${pct(f.gold_seen ?? NaN)} | ${pct(f['ceiling@5'] ?? NaN)} |` : ''}`,
    );
  }
  out.push('', `Mean Δ R@5 against BM25: ${(sum / rows.length).toFixed(1)} points.`, '');
  return out.join('\n');
};
process.stdout.write(`${table('Cold (no feedback)', (r) => r.cold)}\n${table('With feedback (even lines replayed, odd lines evaluated)', (r) => r.fed, true)}`);
