/**
 * Is the selector's `confident` flag on a raw request a safe trigger for the one-call shortcut?
 * Over the OfficeBench instructions whose apps map to installed modules, it selects on the request
 * alone (as auto mode does) and counts how often a confident toolbox holds an API of every module the
 * task needs, against the unconfident ones. Run: npx tsx test/bench/one-call-calibration.ts
 */
import { readFileSync } from 'node:fs';
import { builtinPacks } from '../../apis';
import { packDocuments } from '../../apis/sdk';
import type { Core } from '../../electron/core/create-core';
import { SELECTION_BUDGET } from '../../electron/core/session/turn-toolbox';
import { TurnToolbox } from '../../electron/core/session/turn-toolbox';
import { testToolSelector } from '../helpers/planner';

const TASKS = process.env.OFFICEBENCH_TASKS ?? '/work/shared/bench/office/officebench/tasks.jsonl';
const MODULE_OF: Record<string, string> = {
  excel: 'xlsx',
  word: 'docx',
  doc: 'docx',
  pdf: 'pdf',
  text: 'fs',
  email: 'email',
  calendar: 'calendar',
  image: 'image',
};

async function main(): Promise<void> {
  const docs = builtinPacks.flatMap(packDocuments);
  const registry = { listApis: () => docs, getApi: (name: string) => docs.find((d) => d.name === name) };
  const { tools, close } = await testToolSelector({ registry } as unknown as Pick<Core, 'registry'>);
  const rows = { confident: { n: 0, covered: 0, grown: 0 }, unsure: { n: 0, covered: 0, grown: 0 } };
  let skipped = 0;
  let degraded = 0;
  for (const line of readFileSync(TASKS, 'utf8').split('\n').filter(Boolean)) {
    const task = JSON.parse(line) as { instruction: string; app: string[] };
    const needed = task.app.map((a) => MODULE_OF[a]);
    if (needed.some((m) => m === undefined)) {
      skipped += 1;
      continue;
    }
    const selected = await tools.select([{ query: task.instruction }], { k: 8, budgetTokens: SELECTION_BUDGET });
    if (selected.degraded) degraded += 1;
    const box = new TurnToolbox(selected, docs);
    const covers = (names: string[]) => needed.every((m) => names.some((n) => n.startsWith(`${m}.`)));
    const row = selected.confident ? rows.confident : rows.unsure;
    row.n += 1;
    if (covers(box.names)) row.covered += 1;
    box.grow();
    if (covers(box.names)) row.grown += 1;
  }
  await close();
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)} %` : 'n/a');
  console.log(
    `tasks with installed modules: ${rows.confident.n + rows.unsure.n} (skipped ${skipped} whose apps have no module; degraded selections ${degraded})`,
  );
  for (const [name, r] of Object.entries(rows))
    console.log(`${name}: ${r.n} requests; toolbox holds every needed module ${pct(r.covered, r.n)}, after growth ${pct(r.grown, r.n)}`);
}

void main();
