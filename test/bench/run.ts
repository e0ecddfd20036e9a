import { benchExecutor } from './executor.bench';
import { benchIpc } from './ipc.bench';
import { benchModels } from './models.bench';
import { benchOfficePptx } from './office-pptx.bench';
import { benchOfficeXlsxDocx } from './office-xlsx-docx.bench';
import { benchOfficebench } from './officebench.bench';
import { benchPlanner } from './planner.bench';
import { benchRenderer } from './renderer.bench';
import { benchSpeech } from './speech.bench';
import type { Figure } from './stats';

// `npm run bench [-- --json]`: runs every benchmark and prints its figures. Never part of `npm test`.
const benches: Record<string, () => Promise<Figure[]>> = {
  ipc: benchIpc,
  executor: benchExecutor,
  models: benchModels,
  renderer: benchRenderer,
  'office-pptx': benchOfficePptx,
  'office-xlsx-docx': benchOfficeXlsxDocx,
  planner: benchPlanner,
  speech: benchSpeech,
  officebench: benchOfficebench,
};

const json = process.argv.includes('--json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const all: Record<string, Figure[]> = {};
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const figures = await run();
  all[name] = figures;
  if (!json) {
    process.stdout.write(`\n## ${name}\n| measure | n | p50 ms | p95 ms |\n|---|---|---|---|\n`);
    for (const f of figures)
      process.stdout.write(
        `| ${f.name}${
          f.extra
            ? ` (${Object.entries(f.extra)
                .map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : v}`)
                .join(', ')})`
            : ''
        } | ${f.n} | ${f.p50_ms} | ${f.p95_ms} |\n`,
      );
  }
}
process.stdout.write(
  `\nmachine: ${process.platform} ${process.arch}, node ${process.versions.node}, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
);
if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
