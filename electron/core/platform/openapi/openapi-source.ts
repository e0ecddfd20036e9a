import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type * as Yaml from 'yaml';
import { AppError } from '../../../shared/result';
import { errorMessage } from '../../../shared/errors';
import { lazyModule } from '../../../../apis/sdk/lazy-module';

// Loaded on the first OpenAPI document read: a start that only lists the packs never loads it.
const yaml = lazyModule<typeof Yaml>('yaml');

/** Descriptions larger than this are refused, as files and as downloads (the download stops there). */
export const MAX_DESCRIPTION_BYTES = 10 * 1024 * 1024;
/** YAML aliases may be expanded this many times at most (a billion-laughs document stops here). */
export const MAX_YAML_ALIASES = 1000;
/** Values (objects, arrays, scalars) a parsed description may hold. */
const MAX_DESCRIPTION_NODES = 2_000_000;

/** Reads `openapi:<file-or-url>`: the parsed description (JSON or YAML) and where it came from. */
export async function readOpenApiSource(spec: string, signal?: AbortSignal): Promise<{ ref: string; document: unknown; origin?: string }> {
  const ref = spec
    .trim()
    .replace(/^openapi:/i, '')
    .trim();
  if (!ref) throw new AppError('INVALID_INPUT', 'openapi: needs a file or an http(s) URL, e.g. openapi:./todo.json or openapi:./todo.yaml');
  if (/^https?:\/\//i.test(ref)) {
    const text = await download(ref, signal);
    return { ref, document: parseDescription(text, ref), origin: ref };
  }
  const file = resolve(ref);
  const info = await stat(file).catch(() => {
    throw new AppError('NOT_FOUND', `no OpenAPI file at ${file}`);
  });
  if (!info.isFile()) throw new AppError('INVALID_INPUT', `${file} is not a file`);
  if (info.size > MAX_DESCRIPTION_BYTES)
    throw new AppError('INVALID_INPUT', `${file} is ${info.size} bytes; an OpenAPI description may have at most ${MAX_DESCRIPTION_BYTES}`);
  return { ref: file, document: parseDescription(await readFile(file, 'utf8'), file) };
}

/** The body of `url`, read no further than the size limit. */
async function download(url: string, signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(30_000);
  const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout }).catch((error: unknown) => {
    throw new AppError('UNAVAILABLE', `cannot fetch ${url}: ${errorMessage(error)}`);
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new AppError('UNAVAILABLE', `fetching ${url} answered HTTP ${res.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.length;
    if (size > MAX_DESCRIPTION_BYTES) {
      await res.body?.cancel().catch(() => undefined);
      throw new AppError('INVALID_INPUT', `${url} is over ${MAX_DESCRIPTION_BYTES} bytes; an OpenAPI description may have at most that`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A description as data: JSON when it starts with `{`, YAML (1.2, core schema) otherwise. Malformed text
 * is refused with its line and column; alias expansion, cycles and size are bounded.
 */
export function parseDescription(text: string, where: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) {
    try {
      return JSON.parse(body) as unknown;
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message)?.[1];
      // V8 names no position for some errors; the YAML parser (JSON is YAML) places them.
      const pos = at === undefined ? yaml.parseDocument(body, { schema: 'json' }).errors[0]?.linePos?.[0] : undefined;
      const place = at !== undefined ? ` at ${lineColumn(body, Number(at))}` : pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      throw new AppError('INVALID_INPUT', `${where} is not valid JSON${place}: ${message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').slice(0, 200)}`);
    }
  }
  const doc = yaml.parseDocument(body, { prettyErrors: true, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    const place = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw new AppError(
      'INVALID_INPUT',
      `${where} is not valid YAML or JSON${place}: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw new AppError('INVALID_INPUT', `${where}: ${(error as Error).message} (YAML aliases may expand at most ${MAX_YAML_ALIASES} times)`);
  }
  checkTree(value, where);
  return value;
}

/** Refuses a value that refers to itself (a YAML alias inside its own anchor) or that holds too many nodes. */
function checkTree(root: unknown, where: string): void {
  let nodes = 0;
  const open = new Set<object>();
  const walk = (value: unknown, path: string): void => {
    nodes += 1;
    if (nodes > MAX_DESCRIPTION_NODES) throw new AppError('INVALID_INPUT', `${where} holds more than ${MAX_DESCRIPTION_NODES} values`);
    if (typeof value !== 'object' || value === null) return;
    if (open.has(value))
      throw new AppError('INVALID_INPUT', `${where}: the YAML alias at ${path || '/'} (a JSON pointer) refers to a node that contains it (a cycle)`);
    open.add(value);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    open.delete(value);
  };
  walk(root, '');
}

/** `line L, column C` (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
