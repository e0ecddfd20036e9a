import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ID_PATTERN, MAX_ATTACHMENT_BYTES, type Attachment } from '../../shared/conversations';
import { AppError } from '../../shared/result';
import { writeFileAtomic } from '../config/atomic-write';
import { parseJsonOrUndefined } from '../config/json-file';

/**
 * Files a person attaches to a message, kept under `<home>/attachments/<id>/<name>` so the planner can read
 * them and the program can use them through opaque handles. Names are reduced to a safe file name.
 */
export class AttachmentStore {
  constructor(private readonly dir: string) {}

  async add(name: string, type: string, bytes: Uint8Array): Promise<Attachment> {
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `${name} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    const safe = safeName(name);
    const id = randomUUID().replaceAll('-', '');
    await mkdir(join(this.dir, id), { recursive: true });
    await writeFileAtomic(join(this.dir, id, safe), bytes, 0o600);
    await writeFileAtomic(join(this.dir, id, '.meta.json'), JSON.stringify({ type }), 0o600);
    return { id, name: safe, type, size: bytes.byteLength };
  }

  /** The files behind attachment ids, in order; an unknown id is NOT_FOUND. */
  async resolve(ids: readonly string[]): Promise<{ attachment: Attachment; path: string }[]> {
    const out: { attachment: Attachment; path: string }[] = [];
    for (const id of ids) {
      if (!ID_PATTERN.test(id)) throw new AppError('INVALID_INPUT', `${id} is not an attachment id`);
      const names = await readdir(join(this.dir, id)).catch(() => [] as string[]);
      const name = names.find((n) => !n.startsWith('.'));
      if (!name) throw new AppError('NOT_FOUND', `attachment ${id} does not exist`);
      const path = join(this.dir, id, name);
      const meta = parseJsonOrUndefined(await readFile(join(this.dir, id, '.meta.json'), 'utf8').catch(() => '')) as { type?: unknown } | undefined;
      const type = typeof meta?.type === 'string' ? meta.type : '';
      out.push({ attachment: { id, name, type, size: (await stat(path)).size }, path });
    }
    return out;
  }
}

// Control characters and the ones Windows refuses in file names. A constant, so no formatter can move the
// pattern away from its eslint comment.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME_CHARACTERS = /[\u0000-\u001f\u007f<>:"|?*]/g;

/** A file name without folders, control characters or a leading dot; never empty. */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_NAME_CHARACTERS, '_').replace(/^\.+/, '').trim().slice(0, 120);
  return cleaned || 'attachment';
}
