// Token figures for docs/mcp.md: the tool text an MCP client loads for every built-in API as plain tools,
// versus code mode (its three tool definitions + one search reply + the declarations of the APIs used),
// for five office tasks. Run: npx tsx test/bench/mcp-tokens.ts
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { builtinPacks } from '../../apis';
import { createCore } from '../../electron/core/create-core';
import { estimateTokens } from '../../electron/core/platform/declarations';
import { convertGloveJson } from '../../electron/core/selector/glove-cache';
import { createMcpServer } from '../../electron/hosts/mcp/mcp-server';
import { writeTinyCache, writeTinyWink } from '../helpers/word-vectors';

const TASKS = [
  { task: 'Make a five-slide deck for the quarterly review', query: 'create a new slide deck presentation', apis: ['pptx.createDeck'] },
  {
    task: 'Total the sales per region of a workbook into a new sheet',
    query: 'sum values grouped by a column in a spreadsheet',
    apis: ['xlsx.describeWorkbook', 'xlsx.aggregate'],
  },
  { task: 'Write a memo as a Word document with a table', query: 'create a word document with headings and a table', apis: ['docx.createDocument'] },
  {
    task: 'Find the PDFs in a folder and collect their text in a text file',
    query: 'search files and read pdf text',
    apis: ['fs.search', 'fs.readPdfText', 'fs.writeText'],
  },
  {
    task: 'Turn a sheet range into slides with a chart',
    query: 'read a range of cells and make slides with a chart',
    apis: ['xlsx.readRange', 'pptx.createDeck', 'pptx.addSlides'],
  },
];

const tokens = (value: unknown): number => estimateTokens(typeof value === 'string' ? value : JSON.stringify(value));
const textOf = (r: unknown): string => ((r as CallToolResult).content ?? []).map((c) => ('text' in c ? c.text : '')).join('\n');

const dir = await mkdtemp(join(tmpdir(), 'switchboard-mcp-tokens-'));
try {
  const models = join(dir, 'models');
  await mkdir(models);
  // A tiny word-vector cache keeps the script offline and quick; the reply's size does not depend on it.
  await writeTinyCache(models, await convertGloveJson(await writeTinyWink(dir)));
  const core = await createCore({ host: 'test', home: join(dir, 'home'), env: { SWITCHBOARD_MODELS_DIR: models }, appVersion: '0.0.0', packs: builtinPacks });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await createMcpServer(core, { roots: [] }).server.connect(a);
  const client = new Client({ name: 'tokens', version: '1' });
  await client.connect(b);
  const { tools } = await client.listTools();
  const apiTools = tools.filter((t) => !t.name.startsWith('switchboard_'));
  const codeTools = tools.filter((t) => ['switchboard_search_apis', 'switchboard_declarations', 'switchboard_run_program'].includes(t.name));
  const plain = tokens(apiTools);
  const codeBase = tokens(codeTools);
  console.log(`built-in APIs: ${apiTools.length}`);
  console.log(`plain tools (every API's name, description, input schema, annotations): ${plain} tokens, loaded for every task`);
  console.log(`code mode tool definitions (search, declarations, run_program): ${codeBase} tokens\n`);
  console.log('| task | plain tools | code mode (definitions + search reply + declarations) | saved |');
  console.log('|---|---|---|---|');
  for (const t of TASKS) {
    const search = textOf(await client.callTool({ name: 'switchboard_search_apis', arguments: { query: t.query, k: 8 } }));
    const decl = textOf(await client.callTool({ name: 'switchboard_declarations', arguments: { apis: t.apis } }));
    if (decl.startsWith('unknown API')) throw new Error(decl);
    const code = codeBase + tokens(search) + tokens(decl);
    console.log(
      `| ${t.task} (${t.apis.join(', ')}) | ${plain} | ${code} (${codeBase} + ${tokens(search)} + ${tokens(decl)}) | ${(100 * (1 - code / plain)).toFixed(1)} % |`,
    );
  }
  await client.close();
  await core.dispose();
} finally {
  await rm(dir, { recursive: true, force: true });
}
