import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineApi, definePack } from '../../apis/sdk';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { isCutValue } from '../../electron/shared/bounded-value';
import { RUN_VIEW_LIMITS } from '../../electron/shared/run-view';
import { testCore } from '../helpers/core';

/** Issue 18 item 9: the results the host keeps for the run record are bounded per call and per run. */

const MB = 1_000_000;
const bigPack = definePack({
  name: 'big',
  version: '1.0.0',
  description: 'Returns large results.',
  apis: [
    defineApi({
      name: 'read',
      description: 'Returns a text of the given size in characters.',
      parameters: z.object({
        chars: z
          .number()
          .int()
          .min(1)
          .max(10 * MB)
          .describe('characters in the text'),
      }),
      returns: z.object({ text: z.string() }),
      effects: 'read',
      run: async ({ chars }) => ({ text: 'r'.repeat(chars) }),
    }),
  ],
});

describe('run records of a program that reads large results', () => {
  it('the program sees every result whole; the record keeps each cut with a note, and its total bounded', async () => {
    const { core, home, close } = await testCore({ packs: [bigPack] });
    try {
      const program =
        'let total = 0;\nfor (let i = 0; i < 10; i++) {\n  const r = await big.read({ chars: 2000000 });\n  total += r.text.length;\n}\nreturn { total };';
      const { runId, done } = core.executor.startRun(program, { apis: ['big.read'] });
      const result = await done;
      expect(result.error).toBeUndefined();
      expect(result.value).toEqual({ total: 20 * MB });
      const reply = await createLocalClient(core).request('run.get', { runId });
      if (!reply.ok) throw new Error(reply.error.message);
      const record = reply.value;
      expect(record.calls).toHaveLength(10);
      for (const call of record.calls) {
        expect(isCutValue(call.value), JSON.stringify(call.value).slice(0, 200)).toBe(true);
        if (isCutValue(call.value)) expect(call.value.note).toMatch(/^result larger than 64,000 characters was cut for the run record/);
      }
      expect(record.value).toEqual({ total: 20 * MB });
      expect(JSON.stringify(record).length).toBeLessThan(10 * (RUN_VIEW_LIMITS.valueChars / 10));
      // The record on disk is the bounded one (written after run.finished).
      let onDisk = '';
      for (let i = 0; i < 100 && !onDisk; i++) {
        onDisk = await readFile(join(home, 'runs', `${runId}.json`), 'utf8').catch(() => '');
        if (!onDisk) await new Promise((r) => setTimeout(r, 50));
      }
      expect(onDisk).toContain('was cut for the run record');
      expect(onDisk.length).toBeLessThan(100_000);
    } finally {
      await close();
    }
  }, 60_000);
});
