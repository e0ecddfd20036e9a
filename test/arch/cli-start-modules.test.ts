import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 16: the CLI starts like a CLI. Commands that only read load none of the heavy libraries (the
// TypeScript compiler, LanceDB and Arrow, the packs' document libraries, the OpenAI client, the MCP client SDK); each loads
// where it is used. Each command runs as the installed `switchboard` does (bin.mjs, the esbuild bundle), in a
// child process whose loaded modules a loader hook records.
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'electron/hosts/bin.mjs');
const recorder = join(root, 'test/helpers/module-recorder.mjs');
const HEAVY = [
  'typescript',
  '@lancedb/lancedb',
  'apache-arrow',
  'openai',
  'exceljs',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'mammoth',
  'sharp',
  'docx',
  'pptxgenjs',
  'mailparser',
  'nodemailer',
  'pdfjs-dist',
  'tesseract.js',
  '@modelcontextprotocol/sdk',
];

const work = mkdtempSync(join(tmpdir(), 'switchboard-cli-modules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The node_modules packages a `switchboard <args>` process loaded. */
async function packagesLoadedBy(args: string[], home = join(work, 'home')): Promise<{ packages: Set<string>; stdout: string }> {
  const record = join(work, `modules-${Math.random().toString(36).slice(2)}.txt`);
  // MALLOC_ARENA_MAX set: bin.mjs does not start itself again (the recorder would see the outer process only).
  const env = { ...process.env, MODULE_RECORD_FILE: record, MALLOC_ARENA_MAX: '2', SWITCHBOARD_CLI_FROM_SOURCE: '' };
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', recorder, bin, '--home', home, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  const packages = new Set<string>();
  for (const url of readFileSync(record, 'utf8').split('\n')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match) packages.add(match[1]!);
  }
  return { packages, stdout };
}

describe('what the CLI loads at start', () => {
  it.each([['--help'], ['version'], ['apis list']])('`switchboard %s` loads no heavy library', { timeout: 180_000 }, async (command) => {
    const { packages, stdout } = await packagesLoadedBy(command.split(' '));
    expect(stdout.length).toBeGreaterThan(0);
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
  });

  it('`apis list` still lists every built-in API with its effect', { timeout: 180_000 }, async () => {
    const { stdout } = await packagesLoadedBy(['apis', 'list']);
    expect(stdout).toMatch(/^xlsx\.createWorkbook {2}\[stage\] /m);
    expect(stdout).toMatch(/^pdf\.merge {2}\[stage\] /m);
  });

  it(
    '`apis list` loads neither the zip, XML nor YAML libraries, and leaves the packs\u2019 documents cache that a second listing uses',
    { timeout: 180_000 },
    async () => {
      const home = join(work, 'home-list');
      const first = await packagesLoadedBy(['apis', 'list'], home);
      expect(['jszip', '@xmldom/xmldom', 'yaml'].filter((name) => first.packages.has(name))).toEqual([]);
      const cache = JSON.parse(readFileSync(join(home, 'cache', 'pack-documents.json'), 'utf8')) as { key: string; packs: Record<string, unknown> };
      expect(cache.key).toMatch(/^[0-9a-f]{64} zod-4\.\d+\.\d+$/);
      expect(Object.keys(cache.packs)).toContain('xlsx');
      const second = await packagesLoadedBy(['apis', 'list'], home);
      expect(second.stdout).toBe(first.stdout);
    },
  );

  it(
    '`exec` of a one-call program verifies in the checker process and loads neither the compiler nor the index or other packs\u2019 libraries',
    { timeout: 180_000 },
    async () => {
      const folder = join(work, 'root');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'a.txt'), 'hello');
      const program = join(work, 'one-call.js');
      writeFileSync(program, "const info = await fs.stat({ path: 'a.txt' });\nreturn info.size;\n");
      const { packages, stdout } = await packagesLoadedBy(['exec', program, '--root', folder]);
      expect(stdout).toContain('value=5');
      // The recorder works: it sees the libraries the run does load (zod validates the call's arguments).
      expect(packages.has('zod')).toBe(true);
      // The compiler runs in the checker process (verifier-host), never in the CLI's own.
      expect(packages.has('typescript')).toBe(false);
      expect(['exceljs', 'pdf-lib', 'docx', 'pptxgenjs', 'sharp', 'mammoth', 'openai'].filter((name) => packages.has(name))).toEqual([]);
      // The checker left V8's code cache of the compiler in the data folder for the next start (code-cache.ts).
      expect(readdirSync(join(work, 'home', 'cache', 'v8')).filter((name) => name.startsWith('typescript-') && name.endsWith('.v8cache'))).toHaveLength(1);
    },
  );
});
