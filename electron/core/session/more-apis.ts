import type { ApiDocument } from '../../../apis/sdk';
import { apiSummary } from '../platform/declarations';
import { signatureLine } from '../platform/signature-line';
import { mentionedApis, readerRank } from './toolbox-growth';

/**
 * The "More APIs" list of a program prompt: installed APIs the toolbox does not declare, one line each,
 * most useful first, so that trimming to the budget drops the least relevant lines (never a module's
 * reader because its name sorts late).
 */

export interface MoreInput {
  /** The declared APIs, best first. */
  declared: readonly ApiDocument[];
  installed: ReadonlyMap<string, ApiDocument>;
  /** The request and the plan's steps: the toolbox modules' other APIs are ranked by the words they share with it. */
  focus?: string;
  /** Modules the program rules tell the model to use (finding files): their readers are offered too. */
  ruleModules?: readonly string[];
}

/** Words too common in requests and API summaries to say anything about relevance. */
const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'into',
  'each',
  'one',
  'all',
  'its',
  'that',
  'this',
  'are',
  'any',
  'new',
  'file',
  'files',
  'your',
  'you',
  'task',
  'find',
]);

/** Crude stems: lower case, the first five letters ("revenues" and "revenue" meet), common words left out. */
function stems(text: string): Set<string> {
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP.has(w));
  return new Set(words.map((w) => w.slice(0, 5)));
}

function relevance(doc: ApiDocument, focus: ReadonlySet<string>): number {
  const own = stems(`${doc.name.slice(doc.module.length + 1)} ${apiSummary(doc.description)}`);
  let shared = 0;
  for (const stem of own) if (focus.has(stem)) shared++;
  return shared;
}

/** The More-APIs lines (`- module.verb({args}) [effects]: summary`), most useful first. */
export function moreApis(input: MoreInput): string[] {
  const declared = new Set(input.declared.map((d) => d.name));
  const modules = [...new Set(input.declared.map((d) => d.module))];
  const focus = stems(input.focus ?? '');
  const moduleOrder = (d: ApiDocument) => modules.indexOf(d.module);
  const score = new Map([...input.installed.values()].map((d) => [d.name, relevance(d, focus)]));
  const byRelevance = (a: ApiDocument, b: ApiDocument) =>
    score.get(b.name)! - score.get(a.name)! || moduleOrder(a) - moduleOrder(b) || a.name.localeCompare(b.name);
  const candidates = [...input.installed.values()].filter((d) => !declared.has(d.name));
  const ofModules = candidates.filter((d) => modules.includes(d.module));

  // 1. The toolbox modules' readers, the most basic verb first: a program must be able to look at its inputs.
  const readers = ofModules.filter((d) => readerRank(d) !== undefined).sort((a, b) => readerRank(a)! - readerRank(b)! || byRelevance(a, b));
  // 2. The APIs the declared ones' composition notes name (their notes were cut to declared APIs).
  const named = input.declared.flatMap((d) => mentionedApis(d.composition, input.installed)).flatMap((n) => input.installed.get(n) ?? []);
  // 3. The readers of the modules the rules name (the rules say "find them with the fs APIs").
  const rules = candidates.filter((d) => input.ruleModules?.includes(d.module) && !modules.includes(d.module) && (readerRank(d) ?? 9) <= 3);
  // 4. The toolbox modules' other APIs, those sharing most words with the request and plan first.
  const rest = [...ofModules].sort(byRelevance);

  const seen = new Set<string>();
  return [...readers, ...named, ...rules.sort((a, b) => readerRank(a)! - readerRank(b)!), ...rest]
    .filter((d) => !declared.has(d.name) && !seen.has(d.name) && seen.add(d.name))
    .map((d) => `- ${signatureLine(d)}`);
}
