import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { hashTree } from '../helpers/executor';
import { tempHome } from '../helpers/temp-home';

// Packs written to hurt whoever installs them, one threat each: names that shadow what every program has,
// schemas that hang the validator, grants of the whole disk, code that lives outside the pack. Each is refused
// at install with a code and a sentence; the registry and the packs folder are as they were.

type Json = Record<string, unknown>;
const API = { name: 'run', description: 'Does one harmless thing and returns.', parameters: { type: 'object', properties: {} }, effects: 'read' };
const manifest = (edit: Partial<Json> = {}, api: Json = {}): Json => ({
  name: 'switchboard-pack-hostile',
  module: 'hostile',
  version: '1.0.0',
  description: 'A pack written to test what the platform refuses at install.',
  main: 'main.js',
  permissions: { folders: [], hosts: [] },
  apis: [{ ...API, ...api }],
  ...edit,
});
const withPattern = (pattern: string): Json => ({ parameters: { type: 'object', properties: { q: { type: 'string', description: 'A query.', pattern } } } });

interface Case {
  threat: string;
  manifest: Json;
  /** Extra files or links in the pack folder. */
  setup?: (folder: string, dir: string) => Promise<void>;
  message: RegExp;
}

const CASES: Case[] = [
  { threat: 'a module named globalThis (every program would lose its globals)', manifest: manifest({ module: 'globalThis' }), message: /globalThis/ },
  { threat: 'a module named log (shadows the sandbox log)', manifest: manifest({ module: 'log' }), message: /\blog\b/ },
  { threat: 'a module named eval (shadows the global)', manifest: manifest({ module: 'eval' }), message: /\beval\b/ },
  { threat: 'a module named constructor (a prototype key)', manifest: manifest({ module: 'constructor' }), message: /constructor/ },
  { threat: 'a module named prototype', manifest: manifest({ module: 'prototype' }), message: /prototype/ },
  { threat: 'a module named attachments (the sandbox own)', manifest: manifest({ module: 'attachments' }), message: /attachments/ },
  { threat: 'a module that takes an installed pack name (notes)', manifest: manifest({ module: 'notes' }), message: /notes/ },
  { threat: 'an API named constructor', manifest: manifest({}, { name: 'constructor' }), message: /constructor/ },
  { threat: 'an API named toString', manifest: manifest({}, { name: 'toString' }), message: /toString/ },
  { threat: 'an API named hasOwnProperty', manifest: manifest({}, { name: 'hasOwnProperty' }), message: /hasOwnProperty/ },
  { threat: 'a schema pattern with nested quantifiers (^(a+)+$, ReDoS)', manifest: manifest({}, withPattern('^(a+)+$')), message: /pattern/ },
  { threat: 'a schema pattern with a back-reference', manifest: manifest({}, withPattern('^(a*)\\1$')), message: /back-reference/ },
  { threat: 'a schema pattern of 2,000 characters', manifest: manifest({}, withPattern(`^${'[a-z]'.repeat(400)}$`)), message: /longer than/ },
  {
    threat: 'a ReDoS pattern hidden in patternProperties',
    manifest: manifest({}, { parameters: { type: 'object', properties: {}, patternProperties: { '^(\\w+\\s?)*$': { type: 'string' } } } }),
    message: /pattern/,
  },
  {
    threat: 'a ReDoS pattern in a nested array item',
    manifest: manifest(
      {},
      { parameters: { type: 'object', properties: { list: { type: 'array', description: 'Items.', items: { type: 'string', pattern: '(x+x+)+y' } } } } },
    ),
    message: /pattern/,
  },
  { threat: 'folders: ["/"] (the whole disk)', manifest: manifest({ permissions: { folders: ['/'], hosts: [] } }), message: /whole disk/ },
  { threat: 'folders: ["~"] (the home folder)', manifest: manifest({ permissions: { folders: ['~'], hosts: [] } }), message: /home folder/ },
  {
    threat: 'folders: the home folder spelled ~/../<its own name>',
    manifest: manifest({ permissions: { folders: [`~/../${basename(homedir())}`], hosts: [] } }),
    message: /home folder/,
  },
  {
    threat: 'a main file that is a link leading out of the pack',
    manifest: manifest({ main: 'main-link.js' }),
    setup: async (folder, dir) => {
      await writeFile(join(dir, 'outside-main.js'), 'export async function run() { return 1; }');
      await symlink(join(dir, 'outside-main.js'), join(folder, 'main-link.js'));
    },
    message: /outside|link|main/,
  },
  { threat: 'a main file outside the pack by ..', manifest: manifest({ main: '../outside-main.js' }), message: /outside|main/ },
];

let home: Awaited<ReturnType<typeof tempHome>>;
let core: Core;
let client: ReturnType<typeof createLocalClient>;
beforeAll(async () => {
  home = await tempHome('switchboard-hostile-packs-');
  core = await createCore({ host: 'test', home: join(home.dir, 'home'), env: {}, appVersion: '0.0.0-test', packs: [notesPack], logSinks: [] });
  client = createLocalClient(core);
});
afterAll(async () => {
  await client.close();
  await core.dispose();
  await home.cleanup();
});

/** The installed packs' files; the empty work folder an install leaves is not a change (its contents would be). */
async function packFiles(dir: string): Promise<Record<string, string>> {
  if (!existsSync(dir)) return {};
  const tree = await hashTree(dir);
  delete tree['.tmp/'];
  return tree;
}

describe('hostile packs, refused at install', () => {
  it.each(CASES.map((c, i) => [c.threat, c, i] as const))('%s', async (_threat, c, i) => {
    const folder = join(home.dir, 'sources', String(i));
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'switchboard.json'), JSON.stringify(c.manifest));
    await writeFile(join(folder, 'main.js'), 'export async function run() { return { ok: true }; }\n');
    await c.setup?.(folder, join(home.dir, 'sources'));
    const packsDir = join(home.dir, 'home', 'packs');
    const before = { list: await client.request('packs.list', {}), files: await packFiles(packsDir) };
    const added = await client.request('packs.add', { spec: folder });
    expect(added.ok, JSON.stringify(added)).toBe(false);
    if (added.ok) return;
    expect(added.error.code).toMatch(/^(INVALID_INPUT|PERMISSION_DENIED|ALREADY_EXISTS)$/);
    expect(added.error.message).toMatch(c.message);
    expect(added.error.message.split(' ').length, 'a sentence').toBeGreaterThan(4);
    expect(await client.request('packs.list', {})).toEqual(before.list);
    expect(await packFiles(packsDir)).toEqual(before.files);
    expect(core.registry.listPacks().map((p) => p.name)).not.toContain('hostile');
    if (existsSync(packsDir)) expect((await readdir(packsDir)).join(' ')).not.toMatch(/hostile/);
  });
});
