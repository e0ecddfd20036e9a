import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../../shared/result';

const MAX_DESCRIPTION_BYTES = 10 * 1024 * 1024;

/** Reads `openapi:<file-or-url>`: the parsed JSON description and where it came from. */
export async function readOpenApiSource(spec: string, signal?: AbortSignal): Promise<{ ref: string; document: unknown; origin?: string }> {
  const ref = spec.trim().replace(/^openapi:/i, '').trim();
  if (!ref) throw new AppError('INVALID_INPUT', 'openapi: needs a file or an http(s) URL, e.g. openapi:./todo.json');
  let text: string;
  let origin: string | undefined;
  if (/^https?:\/\//i.test(ref)) {
    origin = ref;
    const res = await fetch(ref, { signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000) }).catch((error: unknown) => {
      throw new AppError('UNAVAILABLE', `cannot fetch ${ref}: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (!res.ok) throw new AppError('UNAVAILABLE', `fetching ${ref} answered HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_DESCRIPTION_BYTES) throw new AppError('INVALID_INPUT', `${ref} is over ${MAX_DESCRIPTION_BYTES} bytes`);
    text = bytes.toString('utf8');
  } else {
    const file = resolve(ref);
    const info = await stat(file).catch(() => {
      throw new AppError('NOT_FOUND', `no OpenAPI file at ${file}`);
    });
    if (!info.isFile()) throw new AppError('INVALID_INPUT', `${file} is not a file`);
    if (info.size > MAX_DESCRIPTION_BYTES) throw new AppError('INVALID_INPUT', `${file} is over ${MAX_DESCRIPTION_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  }
  try {
    return { ref: /^https?:/i.test(ref) ? ref : resolve(ref), document: JSON.parse(text) as unknown, ...(origin ? { origin } : {}) };
  } catch {
    throw new AppError('INVALID_INPUT', `${ref} is not JSON (YAML descriptions are not read yet: convert to JSON first)`);
  }
}
