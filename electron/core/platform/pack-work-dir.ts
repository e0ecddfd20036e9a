import { mkdir, rmdir } from 'node:fs/promises';

/**
 * packs/.tmp, where installs and inspections unpack a source: made on first use and removed when the last
 * user leaves, so no empty folder stays behind. A new user waits for a removal under way before making it again.
 */
export class PackWorkDir {
  private users = 0;
  private removal: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  async enter(): Promise<void> {
    this.users++;
    await this.removal;
    await mkdir(this.dir, { recursive: true }).catch((error: unknown) => {
      this.users--;
      throw error;
    });
  }

  /** The last one out removes the folder if it is empty (a stray file keeps it: rmdir refuses, start() clears it). */
  async leave(): Promise<void> {
    if (--this.users > 0) return;
    this.removal = rmdir(this.dir).catch(() => undefined);
    await this.removal;
  }
}
