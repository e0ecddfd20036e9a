import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import type { ModelProvider } from '../model/provider';
import { gatherContext } from './turn-context';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome('switchboard-context-')));
afterEach(() => home.cleanup());

// The context stage reads only `capabilities` of the provider here (no model call).
const provider = { capabilities: { vision: false } } as unknown as ModelProvider;

describe('the context stage', () => {
  it('names an attachment as the person attached it when reading it fails, never by its real path (issue 18)', async () => {
    const file = join(home.dir, 'attachments', 'ab12', 'budget.xlsx');
    const reader = async (path: string) => {
      throw new Error(`xlsx: ${path} is password-protected`);
    };
    await expect(gatherContext({ history: [], attachments: [file], roots: [] }, provider, reader)).rejects.toThrow(
      /^(?!.*attachments\/ab12).*"budget\.xlsx" \(attached\)/,
    );
    await writeFile(join(home.dir, 'ok.txt'), 'hello');
    const context = await gatherContext({ history: [], attachments: [join(home.dir, 'ok.txt')], roots: [] }, provider, undefined);
    expect(context.attachments).toEqual([{ name: 'ok.txt', summary: 'txt, 5 bytes. Starts: hello' }]);
  });
});
