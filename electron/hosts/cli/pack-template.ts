// The files `switchboard packs init` writes: the built-in packs' template (apis/<pack>/) in plain
// JavaScript, so the pack runs with no build step: a pack file listing the APIs, one file per API with its
// test beside it, lib/ for what several APIs share (lib/schemas.js: parameter schemas), a README.

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The manifest header pack.js holds; its APIs come from the API files. Checked by installing it (cli-newcomer.test.ts). */
function packHeader(name: string, module: string) {
  return {
    name,
    module,
    version: '0.1.0',
    description: `The ${module} pack: one API to start from. Say here what the pack is for.`,
    main: 'index.js',
    permissions: { folders: [], hosts: [] },
  };
}

/** The echo API's document, as echo.js writes it (parameters use lib/schemas.js's `text`). */
function echoDocument(module: string) {
  return {
    name: 'echo',
    description: 'Returns the text it is given, with its length. Replace it with what your pack does: inputs, outputs, the errors it raises.',
    parameters: { type: 'object', properties: { text: { type: 'string', minLength: 1, description: 'The text to return.' } }, required: ['text'] },
    returns: { type: 'object', properties: { text: { type: 'string' }, length: { type: 'number' } }, required: ['text', 'length'] },
    examples: [`const { length } = await ${module}.echo({ text: 'hello' });`],
    composition: '',
    effects: 'read',
  };
}

const SCHEMAS = `// Parameter schemas (JSON Schema) that several APIs take, written once, as the built-in packs'
// lib/schemas.ts does. Each takes the description saying what this API does with the value.

/** A non-empty string parameter. */
export function text(description) {
  return { type: 'string', minLength: 1, description };
}
`;

const ECHO = (module: string) => {
  const doc = echoDocument(module);
  return `import { text } from './lib/schemas.js';

// ${module}.echo: its document (what the model reads and the verifier checks) and the function that runs.
// The document is listed in pack.js; \`npm run manifest\` writes it into switchboard.json.

export const echoApi = {
  name: 'echo',
  description: ${JSON.stringify(doc.description)},
  parameters: { type: 'object', properties: { text: text('The text to return.') }, required: ['text'] },
  returns: ${JSON.stringify(doc.returns)},
  examples: [${JSON.stringify(doc.examples[0])}],
  composition: '',
  effects: 'read',
};

/** Gets the validated parameters and a context whose log() shows in the run's events; returns a JSON value. */
export async function echo({ text }, ctx) {
  ctx?.log?.(\`echo \${text.length} characters\`);
  return { text, length: text.length };
}
`;
};

const ECHO_TEST = (module: string) => `// Beside the API it tests; \`npm test\` (node --test) runs every *.test.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echo } from './echo.js';

test('${module}.echo returns the text and its length, and logs', async () => {
  const logged = [];
  assert.deepEqual(await echo({ text: 'hello' }, { log: (m) => logged.push(m) }), { text: 'hello', length: 5 });
  assert.deepEqual(logged, ['echo 5 characters']);
});
`;

const PACK = (name: string, module: string) => {
  const header = packHeader(name, module);
  return `import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { echoApi } from './echo.js';

// The pack: its manifest fields and the list of its APIs, as the built-in packs' pack.ts is.
// \`npm run manifest\` (node pack.js) writes switchboard.json, the manifest Switchboard reads.

export const pack = {
${Object.entries(header)
  .map(([k, v]) => `  ${k}: ${JSON.stringify(v)},`)
  .join('\n')}
  apis: [echoApi],
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(new URL('./switchboard.json', import.meta.url), \`\${JSON.stringify(pack, null, 2)}\\n\`);
}
`;
};

const INDEX = `// What Switchboard runs (package.json "main"): one exported function per API, named like the API.
export { echo } from './echo.js';
`;

const PACK_TEST = `import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import * as api from './index.js';
import { pack } from './pack.js';

test('switchboard.json is what pack.js lists (run npm run manifest after a change)', async () => {
  const manifest = JSON.parse(await readFile(new URL('./switchboard.json', import.meta.url), 'utf8'));
  assert.deepEqual(manifest, JSON.parse(JSON.stringify(pack)));
});

test('index.js exports one function per API in pack.js, and nothing else', () => {
  assert.deepEqual(pack.apis.map((a) => a.name).sort(), Object.keys(api).sort());
  for (const fn of Object.values(api)) assert.equal(typeof fn, 'function');
});
`;

const README = (name: string, module: string, dir: string) => `# ${name}

A Switchboard API pack. Its APIs appear to the model as \`${module}.*\`. It follows the layout of
Switchboard's built-in packs (docs/packs.md there):

- \`pack.js\`: the pack (name, module, version, permissions) and the list of its APIs.
- \`echo.js\`: one file per API: its document (description, parameters as JSON Schema, returns, examples,
  effects) and its function. \`echo.test.js\` beside it tests it.
- \`lib/\`: what several APIs share; \`lib/schemas.js\` holds parameter schemas written once.
- \`index.js\`: exports every API's function by name (what Switchboard runs).
- \`switchboard.json\`: the manifest, written from pack.js by \`npm run manifest\`; \`pack.test.js\` fails when
  it is stale.

Try it:

\`\`\`
npm test
switchboard packs add ${dir}
switchboard apis show ${module}.echo
\`\`\`

To add an API: write \`<verb>.js\` and \`<verb>.test.js\`, list it in pack.js, export it from index.js, run
\`npm run manifest\` and \`npm test\`, then \`switchboard packs update ${name}\`.
`;

/** Every file of a new pack, by path inside its folder. */
export function packFiles(name: string, module: string, dir: string): Record<string, string> {
  const manifest = { ...packHeader(name, module), apis: [echoDocument(module)] };
  return {
    'package.json': `${json({ name, version: '0.1.0', private: true, type: 'module', main: 'index.js', scripts: { test: 'node --test', manifest: 'node pack.js' } })}\n`,
    'switchboard.json': `${json(manifest)}\n`,
    'pack.js': PACK(name, module),
    'pack.test.js': PACK_TEST,
    'index.js': INDEX,
    'echo.js': ECHO(module),
    'echo.test.js': ECHO_TEST(module),
    'lib/schemas.js': SCHEMAS,
    'README.md': README(name, module, dir),
  };
}
