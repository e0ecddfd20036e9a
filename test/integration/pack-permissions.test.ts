import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/create-core';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { tempHome } from '../helpers/temp-home';

const tricky = fileURLToPath(new URL('../fixtures/packs/tricky-pack', import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
let server: Server;
let url: string;
let hits = 0;
beforeAll(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-grants-'));
  server = createServer((_req, res) => {
    hits += 1;
    res.end('hi');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await cleanup();
});

const open = () => createCore({ host: 'test', home: join(dir, 'home'), env: {}, appVersion: '0.0.0-test', packs: [notesPack], logSinks: [] });
const fetchUrl = (core: Core) => core.packs.call('tricky.fetchUrl', { url }, { signal: new AbortController().signal, roots: [] });

it('taking a host back from a pack stops its process reaching it at once, survives a restart, and can be granted again', async () => {
  // The pack asks for two hosts: 127.0.0.1 (the test server) and allowed.invalid.
  const source = join(dir, 'tricky-pack');
  await cp(tricky, source, { recursive: true });
  const manifest = JSON.parse(await readFile(join(source, 'switchboard.json'), 'utf8')) as { permissions: { hosts: string[] } };
  manifest.permissions.hosts = ['127.0.0.1', 'allowed.invalid'];
  await writeFile(join(source, 'switchboard.json'), JSON.stringify(manifest));

  let core = await open();
  let client = createLocalClient(core);
  const added = await client.request('packs.add', { spec: source });
  expect(added).toMatchObject({
    ok: true,
    value: { permissions: { hosts: ['127.0.0.1', 'allowed.invalid'] }, granted: { hosts: ['127.0.0.1', 'allowed.invalid'] } },
  });
  expect(await fetchUrl(core)).toEqual({ ok: true, value: 200 });
  expect(hits).toBe(1);

  const taken = await client.request('packs.permissions', { name: 'switchboard-pack-tricky', folders: [], hosts: ['allowed.invalid'] });
  expect(taken).toMatchObject({ ok: true, value: { permissions: { hosts: ['127.0.0.1', 'allowed.invalid'] }, granted: { hosts: ['allowed.invalid'] } } });
  expect(await fetchUrl(core)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  expect(hits).toBe(1);

  // Bad requests change nothing: a host the pack never asked for, a built-in pack, an unknown pack.
  expect(await client.request('packs.permissions', { name: 'switchboard-pack-tricky', folders: [], hosts: ['evil.example'] })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT', message: expect.stringContaining('evil.example') },
  });
  expect(await client.request('packs.permissions', { name: notesPack.name, folders: [], hosts: [] })).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(await client.request('packs.permissions', { name: 'no-such-pack', folders: [], hosts: [] })).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  await client.close();
  await core.dispose();

  core = await open();
  client = createLocalClient(core);
  const listed = await client.request('packs.list', {});
  expect(listed.ok && listed.value.find((p) => p.name === 'switchboard-pack-tricky')?.granted.hosts).toEqual(['allowed.invalid']);
  expect(await fetchUrl(core)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  expect(await client.request('packs.permissions', { name: 'switchboard-pack-tricky', folders: [], hosts: ['127.0.0.1', 'allowed.invalid'] })).toMatchObject({
    ok: true,
  });
  expect(await fetchUrl(core)).toEqual({ ok: true, value: 200 });
  expect(hits).toBe(2);

  // Removing the pack forgets what was taken back.
  await client.request('packs.permissions', { name: 'switchboard-pack-tricky', folders: [], hosts: [] });
  expect(await client.request('packs.remove', { name: 'switchboard-pack-tricky' })).toMatchObject({ ok: true });
  expect(JSON.parse(await readFile(join(dir, 'home', 'pack-grants.json'), 'utf8'))).toEqual({});
  await client.close();
  await core.dispose();
});

it('refuses at install a pack asking for the whole disk, the home folder or the data folder, and leaves the registry as it was', async () => {
  const core = await open();
  const client = createLocalClient(core);
  try {
    const before = await client.request('packs.list', {});
    for (const [folders, reason] of [
      [['/'], /whole disk/],
      [['~'], /home folder/],
      [[join(dir, 'home')], /inside Switchboard's data folder/],
      [[dir], /holds Switchboard's data folder/],
    ] as const) {
      const source = join(dir, `broad-${folders[0]!.replace(/\W/g, '_')}`);
      await cp(tricky, source, { recursive: true });
      const manifest = JSON.parse(await readFile(join(source, 'switchboard.json'), 'utf8')) as { permissions: { folders: string[] } };
      manifest.permissions.folders = [...folders];
      await writeFile(join(source, 'switchboard.json'), JSON.stringify(manifest));
      const added = await client.request('packs.add', { spec: source });
      expect(added, folders[0]).toMatchObject({ ok: false, error: { message: expect.stringMatching(reason) } });
    }
    expect(await client.request('packs.list', {})).toEqual(before);
  } finally {
    await client.close();
    await core.dispose();
  }
});
