import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { FileSecretStore, type SecretCipher } from './secrets';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

/** A real AES-256-GCM cipher, standing where Electron's safeStorage stands in the app. */
function aesCipher(key = randomBytes(32)): SecretCipher {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('FileSecretStore', () => {
  it('keeps secrets in a 0600 file across restarts and deletes them', async () => {
    const file = join(home.dir, 'secrets.json');
    const store = new FileSecretStore(file);
    await store.set('provider.openai.apiKey', 'sk-live-abcdefghijklmnop');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = new FileSecretStore(file);
    expect(await again.get('provider.openai.apiKey')).toBe('sk-live-abcdefghijklmnop');
    expect(await again.has('provider.openai.apiKey')).toBe(true);
    expect(await again.delete('provider.openai.apiKey')).toBe(true);
    expect(await again.delete('provider.openai.apiKey')).toBe(false);
    expect(await new FileSecretStore(file).get('provider.openai.apiKey')).toBeUndefined();
  });

  it('tightens a secrets file that was left group- or world-readable', async () => {
    const file = join(home.dir, 'secrets.json');
    await writeFile(file, '{}', { mode: 0o644 });
    await new FileSecretStore(file).set('a', 'b');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('with a cipher stores only ciphertext, and says clearly when it cannot decrypt', async () => {
    const file = join(home.dir, 'secrets.json');
    const key = randomBytes(32);
    const store = new FileSecretStore(file, aesCipher(key));
    expect(store.kind).toBe('encrypted-file');
    await store.set('k', 'sk-secret-value-123456');
    expect(await readFile(file, 'utf8')).not.toContain('sk-secret-value');
    expect(await new FileSecretStore(file, aesCipher(key)).get('k')).toBe('sk-secret-value-123456');
    await expect(new FileSecretStore(file, aesCipher()).get('k')).rejects.toThrow(/cannot be decrypted/);
  });

  it('serialises concurrent writes so none is lost', async () => {
    const store = new FileSecretStore(join(home.dir, 'secrets.json'));
    await Promise.all(['a', 'b', 'c', 'd'].map((n) => store.set(n, n.repeat(3))));
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((n) => store.get(n)))).toEqual(['aaa', 'bbb', 'ccc', 'ddd']);
  });
});
