import { lstat, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ApiError, type ApiContext } from '../sdk';

/** Most .eml files one listing reads. */
export const MAX_FILES = 5000;

/** How a path is shown to the program: relative to the first granted root when inside it. */
export function display(ctx: ApiContext, abs: string): string {
  const root = ctx.roots[0];
  if (!root) return abs;
  const rel = relative(root, abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** Whether `abs` exists for this run (a staged write counts, a staged delete does not). */
export async function existsInRun(ctx: ApiContext, abs: string): Promise<boolean> {
  const entry = [...ctx.staging.entries()].reverse().find((e) => e.target === abs);
  if (entry) return entry.action === 'write';
  return lstat(abs).then(
    () => true,
    () => false,
  );
}

async function isDir(abs: string): Promise<boolean> {
  return lstat(abs).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** The person's key in a folder mailbox: a name as given, an address by its local part ("tom@x.org" → "tom"). */
export function personKey(recipient: string): string {
  const address = /<([^>]+)>/.exec(recipient)?.[1] ?? recipient;
  const key = (address.includes('@') ? address.split('@')[0]! : address).trim();
  if (!key || /[/\\\0]|^\.\.?$/.test(key)) throw new ApiError('INVALID_ARGUMENTS', `"${recipient}" is not a person's name or an email address`);
  return key;
}

/** Subfolders of the mailbox, real and staged. */
async function personFolders(ctx: ApiContext, mailbox: string): Promise<string[]> {
  const names = new Set<string>();
  for (const name of await readdir(mailbox).catch(() => [] as string[])) if (await isDir(join(mailbox, name))) names.add(name);
  for (const e of ctx.staging.entries()) {
    if (e.action !== 'write' || !e.target.startsWith(`${mailbox}${sep}`)) continue;
    const parts = e.target.slice(mailbox.length + 1).split(sep);
    if (parts.length > 1) names.add(parts[0]!);
  }
  return [...names].sort();
}

/** Whether `name` can be a person's folder: no separators, not "." or "..", not empty. */
function folderName(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  return trimmed && !/[/\\\0]|^\.\.?$/.test(trimmed) ? trimmed : undefined;
}

/**
 * The folder of `recipient` in the mailbox: an existing folder named like its display name ("Bob" in
 * "Bob <bob3@x.org>"), then like its key (exactly, then ignoring case); else a new folder named by the
 * display name, or by the key when there is none (created when a message is written there).
 */
export async function personFolder(ctx: ApiContext, mailbox: string, recipient: string): Promise<{ abs: string; exists: boolean }> {
  const key = personKey(recipient);
  const display = folderName(/^\s*"?([^"<]*?)"?\s*</.exec(recipient)?.[1]);
  const folders = await personFolders(ctx, mailbox);
  const named = (name: string | undefined) =>
    name ? (folders.find((f) => f === name) ?? folders.find((f) => f.toLowerCase() === name.toLowerCase())) : undefined;
  const hit = named(display) ?? named(key);
  return { abs: join(mailbox, hit ?? display ?? key), exists: hit !== undefined };
}

/** Every .eml file under `dir` (recursive), real or staged by this run, minus staged deletions. */
export async function messageFiles(ctx: ApiContext, dir: string): Promise<string[]> {
  const found = new Set<string>();
  const queue = [dir];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const name of await readdir(current).catch(() => [] as string[])) {
      const abs = join(current, name);
      const info = await lstat(abs).catch(() => undefined);
      if (!info || info.isSymbolicLink()) continue;
      if (info.isDirectory()) queue.push(abs);
      else if (/\.eml$/i.test(name)) found.add(abs);
      if (found.size > MAX_FILES)
        throw new ApiError('TOO_LARGE', `more than ${MAX_FILES} messages under ${display(ctx, dir)}; name a person or a narrower folder`);
    }
  }
  for (const e of ctx.staging.entries()) {
    if (!e.target.startsWith(`${dir}${sep}`) || !/\.eml$/i.test(e.target)) continue;
    if (e.action === 'write') found.add(e.target);
    else found.delete(e.target);
  }
  return [...found].sort();
}

/** A file name from a subject: characters file systems refuse become "_", at most 100 characters. */
export function fileNameFor(subject: string): string {
  const base = subject
    // eslint-disable-next-line no-control-regex -- control characters are what file names must not hold
    .replace(/[\\/:*?"<>|\0-\x1f]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 100)
    .trim();
  return `${base || 'message'}.eml`;
}

/** `dir/name`, or `dir/name (2).eml`... when the name is taken: a mailbox never overwrites a message. */
export async function freeTarget(ctx: ApiContext, dir: string, name: string, taken: ReadonlySet<string> = new Set()): Promise<string> {
  const stem = name.replace(/\.eml$/i, '');
  for (let i = 1; i < 1000; i++) {
    const abs = join(dir, i === 1 ? `${stem}.eml` : `${stem} (${i}).eml`);
    if (!taken.has(abs) && !(await existsInRun(ctx, abs))) return abs;
  }
  throw new ApiError('INVALID_ARGUMENTS', `too many messages named ${name} in ${display(ctx, dir)}`);
}
