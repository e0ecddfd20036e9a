import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CliError } from './context';

/** The module (namespace) a pack name gives: `@me/switchboard-pack-weather-report` → `weatherReport`. */
export function moduleOf(name: string): string {
  const bare = name.replace(/^@[^/]+\//, '').replace(/^switchboard-pack-/, '');
  return bare.replace(/[-._~]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^a-zA-Z0-9]/g, '').replace(/^[^a-z]+/, '').slice(0, 40);
}

// Checked against apis/sdk/manifest.ts by installing it (test/integration/cli-newcomer.test.ts).
function manifest(name: string, module: string) {
  return {
    name,
    module,
    version: '0.1.0',
    description: `The ${module} pack: one API to start from. Say here what the pack is for.`,
    main: 'index.js',
    permissions: { folders: [], hosts: [] },
    apis: [
      {
        name: 'echo',
        description: 'Returns the text it is given, with its length. Replace it with what your pack does: inputs, outputs, the errors it raises.',
        parameters: { type: 'object', properties: { text: { type: 'string', description: 'The text to return.' } }, required: ['text'] },
        returns: { type: 'object', properties: { text: { type: 'string' }, length: { type: 'number' } }, required: ['text', 'length'] },
        examples: [`const { length } = await ${module}.echo({ text: 'hello' });`],
        composition: '',
        effects: 'read',
      },
    ],
  };
}

const INDEX = `// One async function per API, named like the API in switchboard.json. Each gets the validated
// parameters and a context whose log() shows in the run's events; it returns a JSON value.
export async function echo({ text }, ctx) {
  ctx?.log?.(\`echo \${text.length} characters\`);
  return { text, length: text.length };
}
`;

const TEST = (module: string) => `// Run with \`npm test\` (node --test). Checks that the manifest names every exported API and that echo works.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import * as api from './index.js';

const manifest = JSON.parse(await readFile(new URL('./switchboard.json', import.meta.url), 'utf8'));

test('every API in switchboard.json is exported by index.js, and nothing else', () => {
  assert.deepEqual(manifest.apis.map((a) => a.name).sort(), Object.keys(api).sort());
});

test('${module}.echo returns the text and its length', async () => {
  const logged = [];
  assert.deepEqual(await api.echo({ text: 'hello' }, { log: (m) => logged.push(m) }), { text: 'hello', length: 5 });
  assert.deepEqual(logged, ['echo 5 characters']);
});
`;

const README = (name: string, module: string, dir: string) => `# ${name}

A Switchboard API pack. Its APIs appear to the model as \`${module}.*\`.

- \`switchboard.json\`: the manifest (name, module, version, permissions, and one document per API:
  description, parameters as JSON Schema, returns, examples, effects). Reference: docs/packs.md in Switchboard.
- \`index.js\`: one exported async function per API.
- \`index.test.js\`: \`npm test\` runs it with node --test.

Try it:

\`\`\`
npm test
switchboard packs add ${dir}
switchboard apis show ${module}.echo
\`\`\`

Edit the API, run \`npm test\`, then \`switchboard packs update ${name}\`.
`;

/** Writes a working pack skeleton into `dir` (which must not exist or be empty); resolves to the files written. */
export async function writePackSkeleton(name: string, dir: string): Promise<{ dir: string; module: string; files: string[] }> {
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) || name.length > 214) {
    throw new CliError(`not a pack name: ${name} (use an npm-style name such as my-pack, lower case)`, 2);
  }
  const module = moduleOf(name);
  if (!/^[a-z][a-zA-Z0-9]{0,39}$/.test(module)) throw new CliError(`cannot make a module name from ${name}: start it with a letter`, 2);
  const target = resolve(dir);
  const existing = await readdir(target).catch(() => undefined);
  if (existing && existing.length > 0) throw new CliError(`${target} is not empty: choose another folder (--dir)`, 2);
  const files: Record<string, string> = {
    'switchboard.json': `${JSON.stringify(manifest(name, module), null, 2)}\n`,
    'package.json': `${JSON.stringify({ name, version: '0.1.0', private: true, type: 'module', main: 'index.js', scripts: { test: 'node --test' } }, null, 2)}\n`,
    'index.js': INDEX,
    'index.test.js': TEST(module),
    'README.md': README(name, module, basename(target) === target ? target : dir),
  };
  await mkdir(target, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(resolve(target, file), text, { flag: 'wx' });
  return { dir: target, module, files: Object.keys(files) };
}
