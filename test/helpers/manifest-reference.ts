import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { packManifestSchema } from '../../apis/sdk/manifest';

/** docs/pack-manifest.md: generated from the zod schema, checked by test/arch/docs.test.ts. */
export const MANIFEST_DOC = fileURLToPath(new URL('../../docs/pack-manifest.md', import.meta.url));

type Schema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
};

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'values'}`;
  if (Array.isArray(s.type)) return s.type.join(' \\| ');
  return s.type ?? 'JSON Schema';
}

function rules(s: Schema): string {
  const out: string[] = [];
  if (s.pattern) out.push(`pattern \`${s.pattern.replace(/\|/g, '\\|')}\``);
  if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.maxItems !== undefined) out.push(`at most ${s.maxItems} items`);
  if (s.minItems) out.push(`at least ${s.minItems}`);
  return out.join('; ');
}

function table(title: string, s: Schema): string[] {
  const required = new Set(s.required ?? []);
  const rows = Object.entries(s.properties ?? {}).map(([name, field]) => {
    const def = field.default === undefined ? '' : `\`${JSON.stringify(field.default)}\``;
    const cells = [
      `\`${name}\``,
      typeOf(field),
      required.has(name) && field.default === undefined ? 'yes' : 'no',
      def,
      [field.description ?? '', rules(field)].filter(Boolean).join(' '),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [`## ${title}`, '', '| field | type | required | default | meaning |', '|---|---|---|---|---|', ...rows, ''];
}

/** The manifest reference as Markdown, from `packManifestSchema` (its `.describe()` texts, types, limits, defaults). */
export function manifestReference(): string {
  const root = z.toJSONSchema(packManifestSchema, { io: 'input', unrepresentable: 'any' }) as Schema;
  const props = root.properties ?? {};
  return [
    '<!-- Generated from apis/sdk/manifest.ts by `npm run docs:manifest`; test/arch/docs.test.ts fails when it is stale. Do not edit by hand. -->',
    '# Pack manifest reference',
    '',
    'The manifest is `switchboard.json` at the root of the pack, or the `"switchboard"` field of its package.json (then',
    '`name`, `version` and `description` come from package.json). How to write a pack: [packs.md](packs.md).',
    '',
    ...table('Manifest', root),
    ...table('permissions', props.permissions ?? {}),
    ...table('apis[] (one API document)', props.apis?.items ?? {}),
  ].join('\n');
}

// `npm run docs:manifest` writes the file; `-- --check` exits 1 when it is stale.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = manifestReference();
  if (process.argv.includes('--check')) {
    const current = await readFile(MANIFEST_DOC, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(`${MANIFEST_DOC} is stale: run npm run docs:manifest\n`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(MANIFEST_DOC, text);
    process.stdout.write(`wrote ${MANIFEST_DOC}\n`);
  }
}
