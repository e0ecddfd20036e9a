import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../test/helpers/temp-home';
import { appSecretStore, type SafeStorageLike } from './secret-store';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

/** Behaves as safeStorage does (real AES-GCM under a per-run key), with a chosen availability and backend. */
function safeStorage(available: boolean, backend?: string): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: backend === undefined ? undefined : () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('appSecretStore', () => {
  it('encrypts with safeStorage when the OS has a real backend', async () => {
    const store = appSecretStore(home.dir, safeStorage(true, 'gnome_libsecret'), 'linux');
    expect(store.kind).toBe('encrypted-file');
    await store.set('provider.openai.apiKey', 'sk-abcdefghijklmnopqrstuvwx');
    expect(await readFile(join(home.dir, 'secrets.enc.json'), 'utf8')).not.toContain('sk-abcdefghij');
    expect(await store.get('provider.openai.apiKey')).toBe('sk-abcdefghijklmnopqrstuvwx');
    expect(appSecretStore(home.dir, safeStorage(true), 'darwin').kind).toBe('encrypted-file');
  });

  it('falls back to the 0600 file without encryption or with Linux’s fixed-password backend', () => {
    expect(appSecretStore(home.dir, safeStorage(false), 'win32').kind).toBe('file');
    expect(appSecretStore(home.dir, safeStorage(true, 'basic_text'), 'linux').kind).toBe('file');
  });
});
