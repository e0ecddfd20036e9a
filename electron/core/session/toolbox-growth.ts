import type TS from 'typescript';
import { lazyModule } from '../../../apis/sdk/lazy-module';
import type { ApiDocument } from '../../../apis/sdk';
import { sentences } from '../platform/declarations';

// The compiler (about 1 s of CPU to load) loads when a program is first checked, not when the core starts.
const ts = lazyModule<typeof TS>('typescript');

/**
 * How a selected toolbox grows to hold what the plan needs, generically (no module is known by name):
 * the APIs the chosen APIs' composition notes name, each chosen module's discovery and reading APIs,
 * and the installed APIs a program calls that the toolbox lacked.
 */

/** A reading or discovery API: effects `read` and a verb that lists, finds, reads or describes. */
const READER_VERB = /^(list|search|find|read|describe|outline|get|info|stat|inspect|query)/i;
const API_MENTION = /\b([a-z][A-Za-z0-9_]*)\.([a-z][A-Za-z0-9_]*)\b/g;

export interface GrowthInput {
  /** The selected APIs, best first. */
  chosen: readonly string[];
  /** Every installed API the person may call. */
  installed: readonly ApiDocument[];
  tokensOf: (name: string) => number | undefined;
  /** Tokens the chosen APIs use. */
  used: number;
  /** Largest total of declaration tokens after growing. */
  budget: number;
}

export interface Growth {
  /** Added names with why, in the order they joined. */
  added: { name: string; why: string }[];
  tokens: number;
}

/** The `module.verb` names a text mentions that are installed APIs. */
export function mentionedApis(text: string, installed: ReadonlyMap<string, ApiDocument>): string[] {
  return [...new Set([...text.matchAll(API_MENTION)].map((m) => `${m[1]}.${m[2]}`))].filter((name) => installed.has(name));
}

/** Reader verbs, the most basic first: a module's read verb is what a program needs before any other. */
const READER_ORDER = [/^read/i, /^list/i, /^(describe|outline)/i, /^(search|find)/i, /./];

/** How basic a reader an API is in its module (0: a read verb, 1: list, ...); undefined when it is not a reader. */
export function readerRank(doc: ApiDocument): number | undefined {
  const verb = doc.name.slice(doc.module.length + 1);
  if (doc.effects !== 'read' || !READER_VERB.test(verb)) return undefined;
  return READER_ORDER.findIndex((re) => re.test(verb));
}

/** The readers of a module, the most basic (then the smallest) first. */
export function readersOf(module: string, installed: readonly ApiDocument[], tokensOf: (name: string) => number | undefined): ApiDocument[] {
  return installed
    .filter((d) => d.module === module && readerRank(d) !== undefined)
    .sort((a, b) => readerRank(a)! - readerRank(b)! || (tokensOf(a.name) ?? 0) - (tokensOf(b.name) ?? 0));
}

/**
 * Adds each chosen module's most basic reader (smallest first, so a large module's reader cannot crowd
 * out another's), then their other readers, then the APIs the chosen ones' composition notes name, while they fit.
 */
export function growToolbox(input: GrowthInput): Growth {
  const byName = new Map(input.installed.map((d) => [d.name, d]));
  const have = new Set(input.chosen);
  const added: { name: string; why: string }[] = [];
  let tokens = input.used;
  const add = (name: string, why: string) => {
    if (have.has(name)) return;
    const cost = input.tokensOf(name);
    if (cost === undefined || tokens + cost > input.budget) return;
    have.add(name);
    tokens += cost;
    added.push({ name, why });
  };
  // Readers first: a program that cannot look at its inputs fails whatever else it holds.
  const modules = [...new Set(input.chosen.map((n) => byName.get(n)?.module).filter((m): m is string => m !== undefined))];
  const readers = modules.map((module) => readersOf(module, input.installed, input.tokensOf));
  const basic = readers.flatMap((list) => list.slice(0, 1)).sort((a, b) => (input.tokensOf(a.name) ?? 0) - (input.tokensOf(b.name) ?? 0));
  for (const doc of basic) add(doc.name, `reads or finds in ${doc.module}`);
  for (const doc of readers.flat()) add(doc.name, `reads or finds in ${doc.module}`);
  for (const name of input.chosen) {
    const doc = byName.get(name);
    if (doc) for (const mentioned of mentionedApis(doc.composition, byName)) add(mentioned, `named in ${name}'s composition notes`);
  }
  return { added, tokens };
}

/** The installed APIs a program calls (`module.verb(...)`) that are not in the toolbox. */
export function callsOutside(program: string, toolbox: readonly string[], installed: ReadonlyMap<string, ApiDocument>): string[] {
  const source = ts.createSourceFile('program.js', program, ts.ScriptTarget.ES2023, false, ts.ScriptKind.JS);
  const inToolbox = new Set(toolbox);
  const found = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)) {
      const name = `${node.expression.expression.text}.${node.expression.name.text}`;
      if (installed.has(name) && !inToolbox.has(name)) found.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

/** A composition note with the sentences that name an API outside the toolbox left out. */
export function noteWithin(note: string, declared: ReadonlySet<string>, installed: ReadonlyMap<string, ApiDocument>): string {
  return sentences(note)
    .filter((s) => mentionedApis(s, installed).every((name) => declared.has(name)))
    .join(' ');
}
