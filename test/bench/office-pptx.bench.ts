import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { percentile, round, type Figure } from './stats';

const run = promisify(execFile);
const CASE = fileURLToPath(new URL('./office-pptx-case.ts', import.meta.url));

async function child(kind: string, slides: number, dir: string): Promise<{ ms: number; rssMb: number }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CASE, kind, String(slides), dir], { maxBuffer: 1 << 20, timeout: 600_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; rssMb: number };
}

/**
 * Decks of 100 and 1,000 slides. `pptxgenjs`: the library alone with a title, bullets, a table and a chart on
 * every slide (python-pptx is not packaged here, so there is no Python ratio). `createDeck` and the edits:
 * the pptx pack's API (zod, pptxgenjs, theme, staging) on a deck whose slides cycle bullets / table / chart,
 * each with a title. Every measurement runs in a child process of its own, so peak RSS is the job's own
 * (it includes Node and tsx: see the `baseline` row).
 */
export async function benchOfficePptx(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-bench-pptx-'));
  const figures: Figure[] = [];
  const rows: string[] = [];
  try {
    const base = await child('baseline', 0, dir);
    figures.push({ name: 'baseline (node + tsx, no work)', n: 1, p50_ms: round(base.ms), p95_ms: round(base.ms), extra: { rss_mb: base.rssMb } });
    const byCase = new Map<string, { ms: number; rss: number }>();
    for (const kind of ['pptxgenjs', 'createDeck', 'readDeck', 'replaceText', 'deleteSlides', 'addSlides']) {
      for (const slides of [100, 1000]) {
        const reps = slides === 100 ? 3 : 2;
        const samples: { ms: number; rssMb: number }[] = [];
        for (let i = 0; i < reps; i++) samples.push(await child(kind, slides, dir));
        const times = samples.map((s) => s.ms).sort((a, b) => a - b);
        const rss = Math.max(...samples.map((s) => s.rssMb));
        byCase.set(`${kind}/${slides}`, { ms: percentile(times, 50), rss });
        figures.push({
          name: `${kind} ${slides} slides`,
          n: reps,
          p50_ms: round(percentile(times, 50), 1),
          p95_ms: round(percentile(times, 95), 1),
          extra: { peak_rss_mb: rss },
        });
      }
      const a = byCase.get(`${kind}/100`)!;
      const b = byCase.get(`${kind}/1000`)!;
      rows.push(
        `| ${kind} | ${round(a.ms / 1000, 2)} s | ${a.rss} MB | ${round(b.ms / 1000, 2)} s | ${b.rss} MB | ×${round(b.ms / a.ms, 1)} | ×${round(b.rss / a.rss, 1)} |`,
      );
    }
    process.stdout.write(
      `\n### pptx: 100 → 1,000 slides (child process per case; baseline node+tsx ${base.rssMb} MB)\n| job | 100: time | 100: peak RSS | 1,000: time | 1,000: peak RSS | time growth | RSS growth |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
