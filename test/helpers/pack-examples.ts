import type { ApiDocument } from '../../apis/sdk';
import { declarationsFor } from '../../electron/core/platform/declarations';
import { typeCheck } from './compile';

const LOG = 'declare function log(value: unknown): void;\n';

/** The type errors of `examples` checked against the declarations generated from `docs` (none when all is well). */
export function exampleTypeErrors(docs: readonly ApiDocument[], examples: readonly { code: string }[]): string[] {
  const { full } = declarationsFor([...docs]);
  const files: Record<string, string> = { '/decl.d.ts': full.text + LOG };
  examples.forEach((e, i) => (files[`/example-${i}.ts`] = `export async function main() {\n${e.code}\n}\n`));
  return typeCheck(files);
}
