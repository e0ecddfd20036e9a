import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { importsOf, scanImports } from './import-scan';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/arch', import.meta.url));

describe('import boundaries', () => {
  it('the repository follows the import direction of DESIGN.md', () => {
    expect(scanImports(root)).toEqual([]);
  });

  it('the scanner catches forbidden imports (fixture)', () => {
    const found = scanImports(fixture).map((v) => `${v.file} -> ${v.specifier}: ${v.reason}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'electron/core/bad.ts -> electron: electron/core may not import electron',
        'electron/core/bad.ts -> ../../apis/pptx/deck: electron/core may not import apis',
        'electron/core/bad.ts -> ../main/window: electron/core may not import electron/main',
        'electron/core/bad.ts -> ../../renderer/app: electron/core may not import renderer',
        'electron/shared/bad.ts -> node:fs: electron/shared may not import node:',
        'electron/shared/bad.ts -> ../core/bad: electron/shared may not import electron/core',
        'renderer/bad.ts -> ../electron/core/bad: renderer may not import electron/core',
      ]),
    );
    // The fixture's allowed imports (pack → sdk, sdk → zod) are not reported.
    expect(found.some((f) => f.startsWith('apis/'))).toBe(false);
  });

  it('sees static, re-export, dynamic and require imports', () => {
    expect(importsOf("import a from 'a'; export * from 'b'; const c = import('c'); const d = require('d');")).toEqual(['a', 'b', 'c', 'd']);
  });

  it("electron/core/create-core.ts has no 'electron' in its module graph", async () => {
    const result = await build({
      entryPoints: [`${root}/electron/core/create-core.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Native addons (LanceDB) cannot be bundled; the graph around them is what this test checks.
      loader: { '.node': 'empty' },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.some((p) => p.includes('electron/core/create-core.ts'))).toBe(true);
    expect(inputs.filter((p) => /node_modules\/electron\//.test(p))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports).not.toContain('electron');
    expect(inputs.filter((p) => /electron\/(main|preload|hosts)\/|renderer\//.test(p))).toEqual([]);
  });
});

describe('per-area tsconfig', () => {
  const config = (area: string): { compilerOptions: { types: string[]; lib: string[] } } => JSON.parse(readFileSync(`${root}/${area}/tsconfig.json`, 'utf8'));

  it('core and apis see Node but neither the DOM nor Electron', () => {
    for (const area of ['electron/core', 'apis']) {
      const { types, lib } = config(area).compilerOptions;
      expect(types).toEqual(['node']);
      expect(lib.some((l) => l.startsWith('DOM'))).toBe(false);
    }
  });

  it('shared and the sdk see neither Node nor the DOM', () => {
    for (const area of ['electron/shared', 'apis/sdk']) {
      const { types, lib } = config(area).compilerOptions;
      expect(types).toEqual([]);
      expect(lib).toEqual(['ES2023']);
    }
  });

  it('the renderer sees the DOM but not Node', () => {
    const { types, lib } = config('renderer').compilerOptions;
    expect(types).not.toContain('node');
    expect(lib).toContain('DOM');
  });
});
