import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiDocumentSchema, apiSpecSchema, EFFECTS_NEEDING_APPROVAL } from './document';
import { defineApi, definePack, packDocuments } from './pack';

// TaskMatrix.AI's own example of an API document (Liang et al., 2023, §3.2), in our schema.
const paperPack = definePack({
  name: 'os',
  version: '1.0.0',
  description: 'Local files.',
  permissions: { folders: ['~/Documents'] },
  apis: [
    defineApi({
      name: 'open_local_file',
      description: 'Open a local file. Reads the file at file_path and keeps it open for editing. Raises an error when the file does not exist.',
      parameters: z.object({
        file_path: z.string().describe('the path of the file to be opened'),
        mode: z.enum(['r', 'w', 'a']).default('r').describe('the mode used to open the file'),
      }),
      returns: z.object({ handle: z.string().describe('an opaque handle of the opened file') }),
      examples: ["const file = await os.open_local_file({ file_path: 'notes.txt', mode: 'r' });"],
      composition: 'Open a file before editing it, and close it with os.close_local_file when done.',
      effects: 'read',
      run: async (args) => ({ handle: `${args.file_path}:${args.mode}` }),
    }),
    defineApi({
      name: 'close_local_file',
      description: 'Close a file opened with os.open_local_file, releasing its handle.',
      parameters: z.object({ handle: z.string().describe('the handle returned by os.open_local_file') }),
      returns: z.null(),
      examples: ['await os.close_local_file({ handle: file.handle });'],
      composition: 'Call after os.open_local_file, once every edit is done.',
      effects: 'read',
      run: async () => null,
    }),
  ],
});

describe('API document', () => {
  it("expresses the paper's open_local_file / close_local_file in the schema, with all five aspects", () => {
    const [open, close] = packDocuments(paperPack);
    expect(open).toMatchObject({
      name: 'os.open_local_file',
      module: 'os',
      pack: 'os',
      version: '1.0.0',
      effects: 'read',
      permissions: { folders: ['~/Documents'], hosts: [] },
      parameters: {
        type: 'object',
        properties: {
          file_path: { type: 'string', description: 'the path of the file to be opened' },
          mode: { enum: ['r', 'w', 'a'], default: 'r', description: 'the mode used to open the file' },
        },
        required: ['file_path'],
      },
    });
    expect(open!.examples[0]).toContain('os.open_local_file');
    expect(open!.composition).toContain('close');
    expect(close!.parameters.required).toEqual(['handle']);
    expect(() => apiDocumentSchema.parse(open)).not.toThrow();
  });

  it('infers argument types for the implementation', async () => {
    const result = await paperPack.apis[0].run({ file_path: 'a.txt', mode: 'w' }, undefined as never);
    expect(result).toEqual({ handle: 'a.txt:w' });
  });

  it.each([
    ['parameters that are not an object schema', { parameters: { type: 'string' } }, 'object schema'],
    ['a parameter without a description', { parameters: { type: 'object', properties: { a: { type: 'string' } } } }, 'description'],
    ['a required parameter that does not exist', { parameters: { type: 'object', properties: {}, required: ['x'] } }, 'not in properties'],
    ['a missing description', { description: '' }, 'description is missing'],
    ['an unknown effect', { effects: 'sometimes' }, 'effects'],
    ['a name that is not an identifier', { name: 'Add-Slide' }, 'identifier'],
    ['unknown fields', { extra: 1 }, 'extra'],
  ])('refuses %s', (_what, change, expected) => {
    const base = { name: 'addSlide', description: 'Adds a slide to the deck.', parameters: { type: 'object', properties: {} }, effects: 'stage' };
    const result = apiSpecSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(expected);
  });

  it('refuses oversized documents and names outside the module', () => {
    const doc = { ...packDocuments(paperPack)[0]! };
    expect(apiDocumentSchema.safeParse({ ...doc, name: 'fs.open_local_file' }).success).toBe(false);
    const properties = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: 'string', description: 'd'.repeat(3000) }]));
    const big = apiDocumentSchema.safeParse({ ...doc, parameters: { type: 'object', properties } });
    expect(big.success).toBe(false);
    expect(JSON.stringify(big.error?.issues)).toContain('bytes');
  });

  it('asks approval for external and destructive effects only', () => {
    expect(EFFECTS_NEEDING_APPROVAL).toEqual(['external', 'destructive']);
  });
});
