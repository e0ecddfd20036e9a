import { join } from 'node:path';
import { FileSecretStore, type SecretStore } from '../core/config/secrets';

/** The part of Electron's safeStorage used here (so the choice below is testable without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, the "encryption" uses a fixed password. */
  getSelectedStorageBackend?(): string;
}

/**
 * Keys encrypted by the OS (Keychain, DPAPI, libsecret/kwallet) through safeStorage when it has a real
 * backend; otherwise the CLI's 0600 file, which is no weaker than safeStorage's fixed-password fallback.
 */
export function appSecretStore(userData: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const usable = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown';
  if (!usable) return new FileSecretStore(join(userData, 'secrets.json'));
  return new FileSecretStore(join(userData, 'secrets.enc.json'), {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  });
}
