import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../electron/hosts/cli/program';
import { createCliContext } from '../../electron/hosts/cli/context';
import { events, routes } from '../../electron/shared/contract';
import { MANIFEST_DOC, manifestReference } from '../helpers/manifest-reference';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** The user documentation: README.md and every Markdown file under docs/ (docs/packs/ included). */
function docs(dir = join(root, 'docs')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? docs(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}
const files = [join(root, 'README.md'), ...docs()];

/** Every command path of the CLI, e.g. `packs add`, `providers key set`. */
function commandPaths(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((c) => [[...prefix, c.name()].join(' '), ...commandPaths(c, [...prefix, c.name()])]);
}

/** `switchboard a b c ...` in a code span or block: the longest prefix made of words that look like subcommands. */
export function documentedCommands(text: string): string[] {
  const code =
    [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!).join('\n') +
    '\n' +
    [...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).join('\n');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[\s$(;&|])switchboard((?: +[a-z][a-z-]*)+)/gm)) found.add(match[1]!.trim().split(/ +/).join(' '));
  return [...found];
}

/** The documented words that are not a command: each word must be a subcommand while the command has any. */
export function unknownCommand(words: string, paths: ReadonlySet<string>): boolean {
  const parts = words.split(' ');
  let prefix = '';
  for (const part of parts) {
    const next = prefix ? `${prefix} ${part}` : part;
    const hasSubcommands = [...paths].some((p) => (prefix ? p.startsWith(`${prefix} `) : true));
    if (paths.has(next)) prefix = next;
    else return hasSubcommands;
  }
  return false;
}

/** Routes named in the docs: a dotted name in backticks on a line that says "route". */
export function documentedRoutes(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    if (!/\broutes?\b/i.test(line)) continue;
    for (const m of line.matchAll(/`([a-z]+(?:\.[a-z][a-zA-Z]*)+)`/g)) found.add(m[1]!);
  }
  return [...found];
}

describe('the documentation matches the code', () => {
  const ctx = createCliContext({ out: () => undefined, err: () => undefined, env: {} });
  const paths = new Set(commandPaths(buildProgram(ctx)));

  it.each(files.map((f) => [f.slice(root.length)]))('every `switchboard …` command in %s exists', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const missing = documentedCommands(text).filter((words) => unknownCommand(words, paths));
    expect(missing).toEqual([]);
  });

  it.each(files.map((f) => [f.slice(root.length)]))('every route (or event) named in %s exists', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    expect(documentedRoutes(text).filter((r) => !(r in routes) && !(r in events))).toEqual([]);
  });

  it('the checks catch a command and a route that do not exist', () => {
    expect(documentedCommands('Switchboard: run `switchboard packs frobnicate x` then\n```\n$ switchboard version\n```\n')).toEqual([
      'version',
      'packs frobnicate x',
    ]);
    expect(unknownCommand('packs frobnicate x', paths)).toBe(true);
    expect(unknownCommand('frobnicate', paths)).toBe(true);
    expect(unknownCommand('packs add x', paths)).toBe(false);
    expect(unknownCommand('run make a deck', paths)).toBe(false);
    expect(documentedRoutes('the route `packs.frobnicate` and `packs.add`')).toEqual(['packs.frobnicate', 'packs.add']);
    expect(paths.has('packs frobnicate')).toBe(false);
    expect('packs.frobnicate' in routes).toBe(false);
  });

  it('docs/pack-manifest.md is what `npm run docs:manifest` generates from apis/sdk/manifest.ts', () => {
    expect(readFileSync(MANIFEST_DOC, 'utf8')).toBe(manifestReference());
  });
});
