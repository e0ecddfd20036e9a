/**
 * Runs every program a live-model run produced (the `turn.program` events of each evidence folder) through
 * the current verifier with the built-in packs' documents and prints each refusal. Usage:
 *   npx tsx test/bench/verifier-refusals.ts /work/runs/after /work/runs/after-b
 * Whether a refusal is true (would fail at run time) or false (runs) is judged by reading it; the corpus in
 * electron/core/executor/verifier-refusals.test.ts keeps small programs of both kinds.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { builtinPacks } from '../../apis';
import { packDocuments } from '../../apis/sdk';
import { Verifier } from '../../electron/core/executor/verifier';

const docs = builtinPacks.flatMap((p) => packDocuments(p));
const verifier = new Verifier();
let programs = 0;
const refused: string[] = [];
for (const base of process.argv.slice(2)) {
  for (const run of readdirSync(base)
    .filter((d) => /^r\d+$/.test(d))
    .sort()) {
    const evidence = join(base, run, 'evidence');
    if (!existsSync(evidence)) continue;
    for (const task of readdirSync(evidence).sort()) {
      const file = join(evidence, task, 'turn-events.json');
      if (!existsSync(file)) continue;
      const events = JSON.parse(readFileSync(file, 'utf8')) as { type: string; program?: string; attempt?: number }[];
      for (const e of events.filter((x) => x.type === 'turn.program' && typeof x.program === 'string')) {
        programs += 1;
        const result = verifier.verify(e.program!, docs);
        if (!result.ok) refused.push(`${join(base, run, task)} attempt ${e.attempt}:\n  ${result.text.split('\n').slice(0, 2).join('\n  ')}`);
      }
    }
  }
}
verifier.dispose();
for (const r of refused) console.log(r);
console.log(`programs: ${programs}; refused: ${refused.length}`);
