import { readFile } from 'node:fs/promises';
import { estimateTokens } from '../../platform/declarations';
import type { SelectorDoc } from '../documents';

/** One line of a retrieval set's apis.jsonl (../shared/bench/retrieval format). */
interface BenchApi {
  name: string;
  module?: string;
  description?: string;
  parameters?: { name: string; type?: string; description?: string }[];
  returns?: string;
  example?: string;
  [field: string]: unknown;
}

export interface BenchQuery {
  id: string;
  query: string;
  gold: string[];
}

/** Fields besides the core document that some sets carry and that describe the API (not the query). */
const EXTRA_FIELDS = [
  'composition_instruction',
  'keywords',
  'description_for_model',
  'domain',
  'functionality',
  'api_call',
  'category',
  'api_name',
  'parameter_description',
];

export async function readJsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Renders a set's API record the way documentText renders an API document. */
export function benchDoc(api: BenchApi): SelectorDoc {
  const parts = [api.name, api.description ?? ''];
  for (const p of api.parameters ?? []) parts.push(`${p.name}: ${p.description ?? ''}`);
  if (api.returns) parts.push(`returns: ${api.returns}`);
  for (const field of EXTRA_FIELDS) if (typeof api[field] === 'string' && api[field]) parts.push(api[field]);
  if (api.example) parts.push(api.example);
  const text = parts.join('\n');
  const module = (api.module ?? 'default').slice(0, 80);
  return { name: api.name, module, pack: module, effects: 'read', text, tokens: estimateTokens(text.slice(0, 2000)) };
}

export async function loadBenchApis(file: string): Promise<SelectorDoc[]> {
  const seen = new Set<string>();
  return (await readJsonl<BenchApi>(file)).map(benchDoc).filter((d) => !seen.has(d.name) && seen.add(d.name));
}

export async function loadBenchQueries(file: string): Promise<BenchQuery[]> {
  return (await readJsonl<BenchQuery>(file)).filter((q) => typeof q.query === 'string' && Array.isArray(q.gold) && q.gold.length > 0);
}
