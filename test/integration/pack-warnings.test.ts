import { describe, expect, it } from 'vitest';
import { builtinPacks } from '../../apis';
import { builtinPackRecord } from '../../electron/core/platform/builtin-runtime';
import { packWarnings } from '../../electron/core/platform/instruction-text';

// The instruction-text check (issue 18) must not cry wolf: none of the built-in packs' documentation is flagged.
describe('pack warnings on the built-in packs', () => {
  it.each(builtinPacks.map((p) => [p.name, p] as const))('%s has none', (_name, pack) => {
    expect(packWarnings(builtinPackRecord(pack, new Date(0)))).toEqual([]);
  });
});
