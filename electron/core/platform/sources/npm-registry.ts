import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import semver from 'semver';
import { z } from 'zod';
import type { Logger } from '../../log/logger';
import { PackError } from './pack-error';
import { errorMessage } from '../../../shared/errors';

export const DEFAULT_REGISTRY_URL = 'https://registry.npmjs.org';
/** Package metadata can be large for long-lived packages; anything past this is refused. */
const MAX_METADATA_BYTES = 32 * 1024 * 1024;
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

/** `name` or `name@range-or-tag`, scoped or not. */
export interface NpmSpec {
  name: string;
  range?: string;
}

/** Parses an npm package spec; undefined when it is not one. */
export function parseNpmSpec(spec: string): NpmSpec | undefined {
  const match = /^(@?[^@]+)(?:@(.+))?$/.exec(spec.trim());
  if (!match || match[1]!.length > 214 || !PACKAGE_NAME.test(match[1]!)) return undefined;
  return match[2] === undefined ? { name: match[1]! } : { name: match[1]!, range: match[2] };
}

/** The metadata URL of a package: the scope's slash is encoded as the registry expects (`@acme%2Fpack`). */
export function packageUrl(registryUrl: string, name: string): string {
  const base = registryUrl.replace(/\/+$/, '');
  return name.startsWith('@') ? `${base}/@${encodeURIComponent(name.slice(1))}` : `${base}/${encodeURIComponent(name)}`;
}

const metadataSchema = z.object({
  'dist-tags': z.record(z.string(), z.string()).optional(),
  versions: z.record(z.string(), z.unknown()),
});
const versionSchema = z.object({
  dist: z.object({ tarball: z.string(), integrity: z.string().optional(), shasum: z.string().optional() }),
});

/** No range: the `latest` tag. A tag name: that tag. A semver range: the highest version satisfying it. */
export function resolveVersion(metadata: z.infer<typeof metadataSchema>, range?: string): string | undefined {
  const tags = metadata['dist-tags'] ?? {};
  const versions = Object.keys(metadata.versions);
  if (range === undefined) return tags.latest ?? semver.maxSatisfying(versions, '*') ?? undefined;
  if (Object.hasOwn(tags, range)) return tags[range];
  if (semver.validRange(range) === null) return undefined;
  return semver.maxSatisfying(versions, range) ?? undefined;
}

export interface RegistryOptions {
  registryUrl: string;
  fetchImpl: typeof fetch;
  logger: Logger;
  /** Largest tarball accepted, in bytes. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Downloads a package's tarball to `dest` without npm: metadata, version resolution, then the tarball,
 * whose checksum is verified before anything reads it. Returns the verified `sha512-...` integrity.
 */
export async function downloadFromRegistry(spec: NpmSpec, dest: string, options: RegistryOptions): Promise<{ version: string; integrity: string }> {
  const { name, range } = spec;
  const metaUrl = packageUrl(options.registryUrl, name);
  const metaResponse = await request(metaUrl, name, options, { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' });
  const text = new TextDecoder().decode(await readLimited(metaResponse, MAX_METADATA_BYTES, `the registry metadata of ${name}`, name, options.signal));
  let metadata: z.infer<typeof metadataSchema>;
  try {
    metadata = metadataSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new PackError('BAD_SOURCE', `the registry answered with unreadable metadata for ${name}`, name, { cause: error });
  }
  const version = resolveVersion(metadata, range);
  const entry = version === undefined ? undefined : versionSchema.safeParse(metadata.versions[version]);
  if (version === undefined || !entry) throw new PackError('NOT_FOUND', `no version of ${name} matches ${range ?? 'latest'}`, name);
  if (!entry.success) throw new PackError('BAD_SOURCE', `the registry metadata of ${name}@${version} has no usable dist.tarball`, name);
  const { tarball, integrity, shasum } = entry.data.dist;
  if (!/^https?:\/\//i.test(tarball)) throw new PackError('BAD_SOURCE', `the tarball of ${name}@${version} is not an http(s) URL`, name);

  options.logger.info('downloading pack tarball', { pack: name, version, tarball });
  const response = await request(tarball, name, options);
  const sha512 = createHash('sha512');
  const sha1 = createHash('sha1');
  const handle = await open(dest, 'wx', 0o600);
  try {
    for await (const chunk of bodyChunks(response, options.maxBytes, `the tarball of ${name}@${version}`, name, options.signal)) {
      sha512.update(chunk);
      sha1.update(chunk);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  const verified = verifyIntegrity({ integrity, shasum }, { sha512: sha512.digest('base64'), sha1: sha1.digest('hex') }, `${name}@${version}`);
  return { version, integrity: verified };
}

/** Checks SRI sha512 (else the legacy sha1 shasum); a tarball with neither is refused. Returns the SRI checked. */
export function verifyIntegrity(expected: { integrity?: string; shasum?: string }, actual: { sha512: string; sha1: string }, label: string): string {
  const sha512 = (expected.integrity ?? '')
    .split(/\s+/)
    .filter((entry) => entry.startsWith('sha512-'))
    .map((entry) => entry.slice('sha512-'.length).split('?')[0]);
  if (sha512.length > 0) {
    if (!sha512.includes(actual.sha512)) {
      throw new PackError(
        'INTEGRITY',
        `${label}: the downloaded tarball does not match its sha512 integrity (expected sha512-${sha512[0]}, got sha512-${actual.sha512})`,
        label,
      );
    }
    return `sha512-${actual.sha512}`;
  }
  if (expected.shasum !== undefined) {
    if (expected.shasum.toLowerCase() !== actual.sha1) {
      throw new PackError(
        'INTEGRITY',
        `${label}: the downloaded tarball does not match its sha1 shasum (expected ${expected.shasum}, got ${actual.sha1})`,
        label,
      );
    }
    return `sha512-${actual.sha512}`;
  }
  throw new PackError('INTEGRITY', `${label}: the registry gives neither a sha512 integrity nor a shasum; an unverifiable tarball is refused`, label);
}

async function request(url: string, pack: string, options: RegistryOptions, headers: Record<string, string> = {}): Promise<Response> {
  let response: Response;
  try {
    response = await options.fetchImpl(url, { signal: options.signal, headers, redirect: 'follow' });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new PackError('NETWORK', `could not reach ${url} (${describeCause(error)})`, pack, { cause: error });
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new PackError('NOT_FOUND', `${pack} was not found at ${url}`, pack);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PackError('NETWORK', `${url} answered ${response.status} ${response.statusText}`.trim(), pack);
  }
  return response;
}

async function* bodyChunks(response: Response, limit: number, what: string, pack: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (!response.body) throw new PackError('NETWORK', `${what}: the response has no body`, pack);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new PackError('TOO_LARGE', `${what} is ${declared} bytes; the limit is ${limit}`, pack);
  let bytes = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        throw new PackError('NETWORK', `the connection dropped while downloading ${what} (${describeCause(error)})`, pack, { cause: error });
      }
      if (next.done) return;
      bytes += next.value.byteLength;
      if (bytes > limit) throw new PackError('TOO_LARGE', `${what} is larger than ${limit} bytes`, pack);
      yield next.value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function readLimited(response: Response, limit: number, what: string, pack: string, signal?: AbortSignal): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bodyChunks(response, limit, what, pack, signal)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : undefined;
  const outer = errorMessage(error);
  return inner ? `${outer}: ${inner}` : outer;
}
