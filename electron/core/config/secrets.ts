import { chmod, readFile } from 'node:fs/promises';
import { rememberSecret } from '../log/redact';
import { writeFileAtomic } from './atomic-write';
import { parseJsonOrUndefined } from './json-file';

/** Where API keys live: never in settings files, never in logs, never returned to a client in clear. */
export interface SecretStore {
  /** 'file' (0600 file) or 'encrypted-file' (values encrypted by the OS, e.g. Electron safeStorage). */
  readonly kind: string;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  has(name: string): Promise<boolean>;
}

/** Encrypts secret values at rest (Electron's safeStorage in the app: Keychain, DPAPI or libsecret). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export class SecretStoreError extends Error {}

/**
 * Secrets as one JSON file readable only by its owner (mode 0600, written atomically). With a cipher
 * each value is stored encrypted (base64); without one (the CLI, tests) the file mode is the protection.
 */
export class FileSecretStore implements SecretStore {
  readonly kind: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly cipher?: SecretCipher,
  ) {
    this.kind = cipher ? 'encrypted-file' : 'file';
  }

  async get(name: string): Promise<string | undefined> {
    const stored = (await this.read())[name];
    if (stored === undefined) return undefined;
    // Every secret the process reads is redacted wherever text is stored or returned (an endpoint may echo it).
    if (!this.cipher) return remembered(stored);
    try {
      return remembered(this.cipher.decrypt(Buffer.from(stored, 'base64')));
    } catch {
      throw new SecretStoreError(`the stored secret ${name} cannot be decrypted (was it saved under another user or machine?); set it again`);
    }
  }

  async has(name: string): Promise<boolean> {
    return (await this.read())[name] !== undefined;
  }

  set(name: string, value: string): Promise<void> {
    rememberSecret(value);
    return this.update((all) => {
      all[name] = this.cipher ? this.cipher.encrypt(value).toString('base64') : value;
    });
  }

  async delete(name: string): Promise<boolean> {
    let existed = false;
    await this.update((all) => {
      existed = name in all;
      delete all[name];
    });
    return existed;
  }

  private update(change: (all: Record<string, string>) => void): Promise<void> {
    const run = async () => {
      const all = await this.read();
      change(all);
      await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`, 0o600);
      await chmod(this.file, 0o600); // an older file created with a looser mode is tightened too
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = parseJsonOrUndefined(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new SecretStoreError(`the secrets file ${this.file} is not valid JSON; fix or delete it`);
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
}

function remembered(value: string): string {
  rememberSecret(value);
  return value;
}

/** The secret name of an OpenAI-compatible preset's key. */
export function providerKeyName(preset: string): string {
  return `provider.${preset}.apiKey`;
}

/** The secret name of a built-in pack's secret (`ctx.settings.secret(name)`), e.g. `pack.email.smtp.password`. */
export function packSecretName(pack: string, name: string): string {
  return `pack.${pack}.${name}`;
}
