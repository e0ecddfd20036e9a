import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Permissions } from '../../../apis/sdk';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';

const fileSchema = z.record(z.string(), z.object({ folders: z.array(z.string()), hosts: z.array(z.string()) }));

/**
 * What the person took back from each pack: folders and hosts its manifest asks for that it may not use.
 * A pack runs with its requested permissions minus these; an update keeps what was taken back, and a
 * permission the update newly asks for is granted (it is shown in Settings → API packs to revoke).
 * Persisted in pack-grants.json, written atomically; an unreadable file revokes nothing and is replaced on
 * the next change.
 */
export class PackGrants {
  private revoked: z.infer<typeof fileSchema> = {};

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    const parsed = fileSchema.safeParse(text === undefined ? undefined : parseJsonOrUndefined(text));
    this.revoked = parsed.success ? parsed.data : {};
  }

  /** The permissions a pack runs with. */
  effective(pack: string, requested: Permissions): Permissions {
    const taken = this.revoked[pack];
    if (!taken) return requested;
    return { folders: requested.folders.filter((f) => !taken.folders.includes(f)), hosts: requested.hosts.filter((h) => !taken.hosts.includes(h)) };
  }

  /** Grants exactly `granted` out of what the pack requests; anything else requested is taken back. */
  async set(pack: string, requested: Permissions, granted: Permissions): Promise<Permissions> {
    const unknown = [...granted.folders.filter((f) => !requested.folders.includes(f)), ...granted.hosts.filter((h) => !requested.hosts.includes(h))];
    if (unknown.length > 0)
      throw new AppError('INVALID_INPUT', `pack ${pack} does not ask for ${unknown.join(', ')}; only what a pack asks for can be granted`);
    const taken = { folders: requested.folders.filter((f) => !granted.folders.includes(f)), hosts: requested.hosts.filter((h) => !granted.hosts.includes(h)) };
    const next = { ...this.revoked };
    if (taken.folders.length === 0 && taken.hosts.length === 0) delete next[pack];
    else next[pack] = taken;
    await this.save(next);
    return this.effective(pack, requested);
  }

  /** Forgets a removed pack (a later install of the same name starts from its manifest). */
  async forget(pack: string): Promise<void> {
    if (!(pack in this.revoked)) return;
    const next = { ...this.revoked };
    delete next[pack];
    await this.save(next);
  }

  /** Writes the file first, so memory never holds what the disk does not. */
  private async save(next: z.infer<typeof fileSchema>): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.revoked = next;
  }
}
