import { describe, expect, it } from 'vitest';
import { builtinPacks } from '../../apis';
import { packDocuments } from '../../apis/sdk';
import { declarationsFor } from '../../electron/core/platform/declarations';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { typeCheck } from '../helpers/compile';

describe('built-in packs', () => {
  it('have declarations that compile with tsc, in both renderings', () => {
    const docs = [...builtinPacks, notesPack].flatMap((p) => packDocuments(p));
    const { full, compact } = declarationsFor(docs);
    expect(typeCheck({ '/builtin.d.ts': full.text })).toEqual([]);
    expect(typeCheck({ '/builtin.d.ts': compact.text })).toEqual([]);
  });
});
