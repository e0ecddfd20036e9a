import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The OfficeBench testbeds in the shared folder (read at run time, never copied into the repo). */
export const OFFICEBENCH = '/work/shared/bench/office/officebench/raw/tasks';

/** Whether the shared bench files exist; under CI=true their absence fails instead of skipping. */
export function hasOfficeBench(): boolean {
  if (existsSync(OFFICEBENCH)) return true;
  if (process.env.CI === 'true') throw new Error(`CI needs the OfficeBench files at ${OFFICEBENCH}`);
  process.stderr.write(`\n!!! SKIPPING OfficeBench round trips: ${OFFICEBENCH} is missing\n\n`);
  return false;
}

/** Every testbed file with one of the extensions, sorted, de-duplicated by file name and size. */
export function officeBenchFiles(...extensions: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (extensions.some((e) => entry.name.toLowerCase().endsWith(e)) && path.includes('/testbed/') && !seen.has(entry.name)) {
        seen.add(entry.name);
        out.push(path);
      }
    }
  };
  if (existsSync(OFFICEBENCH)) visit(OFFICEBENCH);
  return out.sort();
}
