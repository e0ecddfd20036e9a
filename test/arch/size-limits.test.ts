import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMITS, productionSources, scanSizes, sizeFindingsOf } from './size-scan';

const root = fileURLToPath(new URL('../..', import.meta.url));

function body(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');
}

describe('size limits (issue 17)', () => {
  it(`no production function over ${LIMITS.functionLines} lines and no file over ${LIMITS.fileLines} lines`, () => {
    expect(scanSizes(root)).toEqual([]);
  });

  it('scans the production areas and leaves tests, fixtures and declarations out', () => {
    const files = productionSources(root);
    expect(files).toContain('electron/core/create-core.ts');
    expect(files).toContain('electron/core/executor/sandbox-worker.mjs');
    expect(files).toContain('renderer/src/features/voice/PushToTalk.tsx');
    expect(files.some((f) => f.startsWith('test/bench/'))).toBe(true);
    expect(files.some((f) => /\.test\.tsx?$|\.spec\.ts$|\.d\.ts$|(^|\/)fixtures\//.test(f))).toBe(false);
  });

  it('reports a long function of each kind, with its name, and a long file', () => {
    const long = body(LIMITS.functionLines);
    const text = [
      `export function declared() {\n${long}\n}`,
      `export const arrow = () => {\n${long}\n};`,
      `class K {\n  method() {\n${long}\n  }\n}`,
      `export function fine() {\n${body(LIMITS.functionLines - 2)}\n}`,
    ].join('\n');
    const found = sizeFindingsOf('x.ts', text).map((f) => `${f.kind} ${f.name} ${f.lines}`);
    expect(found).toEqual([
      `function declared ${LIMITS.functionLines + 2}`,
      `function arrow ${LIMITS.functionLines + 2}`,
      `function method ${LIMITS.functionLines + 2}`,
    ]);
  });

  it('reports a file over the limit and not one at it', () => {
    const at = 'const a = 1;\n'.repeat(LIMITS.fileLines - 1);
    expect(sizeFindingsOf('ok.ts', at)).toEqual([]);
    expect(sizeFindingsOf('big.ts', `${at}const b = 2;\n`)).toEqual([{ kind: 'file', file: 'big.ts', line: 1, lines: LIMITS.fileLines + 1, name: '' }]);
  });

  it('parses .mjs and .tsx sources', () => {
    const js = `export async function run(a) {\n${body(LIMITS.functionLines)}\n}`;
    expect(sizeFindingsOf('w.mjs', js).map((f) => f.name)).toEqual(['run']);
    const tsx = `export function View() {\n  const x = 1;\n  return (\n    <div>\n${'      <p>hi</p>\n'.repeat(LIMITS.functionLines)}    </div>\n  );\n}`;
    expect(sizeFindingsOf('V.tsx', tsx).map((f) => f.name)).toEqual(['View']);
  });
});
