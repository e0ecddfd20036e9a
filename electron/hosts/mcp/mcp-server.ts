import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { needsApproval } from '../../core/executor';
import type { Core } from '../../core/create-core';
import { appVersion } from '../package-info';
import { declarations, runProgram, searchApis } from './code-mode';
import { confirmThroughClient } from './confirm';
import { previewSessionEntry } from './preview-content';
import { SessionStaging } from './session-staging';
import { apiTool, toolName } from './tool-face';
import { errorMessage } from '../../shared/errors';

const text = (t: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: t }], ...(isError ? { isError } : {}) });

const inputs = {
  switchboard_search_apis: z
    .object({
      query: z.string().min(1).max(2000).describe('what a step of the task does, in plain words'),
      k: z.number().int().min(1).max(50).default(8).describe('how many APIs to return'),
      modules: z.array(z.string()).max(20).optional().describe('modules to rank first (pptx, xlsx, docx, fs, ...)'),
    })
    .strict(),
  switchboard_declarations: z.object({ apis: z.array(z.string().min(1)).min(1).max(50).describe('API names as module.verb') }).strict(),
  switchboard_run_program: z
    .object({
      program: z.string().min(1).max(100_000).describe('the body of an async function: `await module.verb({...})` calls, log(...), `return value`'),
    })
    .strict(),
  switchboard_preview: z
    .object({ target: z.string().min(1).max(4096).optional().describe('a staged file (absolute path as listed); omitted: list the staged files') })
    .strict(),
  switchboard_apply: z.object({}).strict(),
  switchboard_discard: z.object({}).strict(),
  switchboard_undo: z.object({}).strict(),
} as const;
type MetaName = keyof typeof inputs;

const META: Record<MetaName, { description: string; annotations: Tool['annotations'] }> = {
  switchboard_search_apis: {
    description: 'Code mode, step 1: find the Switchboard APIs for a task (the selector: full text and embeddings, fused), with scores and effects.',
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  switchboard_declarations: {
    description: 'Code mode, step 2: the TypeScript declarations (parameters, returns, docs, examples) of the named APIs; write a program against them.',
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  switchboard_run_program: {
    description:
      "Code mode, step 3: type-check a program against the installed APIs and run it in the sandbox. Returns the diagnostics, or every call with its result and the program's return value. Files it writes are staged (see switchboard_preview, switchboard_apply). External or destructive calls ask the person first.",
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
  },
  switchboard_preview: {
    description:
      'What a staged file will be when applied: a Word document as a text outline, a workbook as a grid, a deck as one PNG per slide. Without target: the list of staged files.',
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  switchboard_apply: {
    description:
      'Write every staged file of this session to its place on disk (atomically; replaced files are kept for switchboard_undo). Overwrites and deletions ask the person first.',
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
  },
  switchboard_discard: {
    description: 'Drop every staged file of this session; nothing on disk changes.',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  switchboard_undo: {
    description: 'Restore, byte for byte, every file the last switchboard_apply of this session wrote or deleted.',
    annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: false },
  },
};

export interface McpServeOptions {
  /** Folders the session may touch (settings' workspace folders plus --root). */
  roots: readonly string[];
}

/** The MCP tools of one session: the meta tools, then every installed API. */
export function listTools(core: Core): Tool[] {
  const meta = (Object.keys(META) as MetaName[]).map((name) => ({
    name,
    description: META[name].description,
    inputSchema: z.toJSONSchema(inputs[name], { io: 'input' }) as Tool['inputSchema'],
    annotations: META[name].annotations,
  }));
  return [...meta, ...core.registry.listApis().map(apiTool)];
}

/** One MCP session over the core: its own Server and its own staging. Connect it to any transport. */
export function createMcpServer(core: Core, options: McpServeOptions): { server: Server; staging: SessionStaging } {
  const server = new Server(
    { name: 'switchboard', version: appVersion() },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        'Switchboard office APIs (pptx, xlsx, docx, fs). Prefer code mode: switchboard_search_apis, switchboard_declarations, then one switchboard_run_program. Files are staged: preview, then apply.',
    },
  );
  const staging = new SessionStaging(core.executor, core.paths.stagingDir, options.roots);
  const byTool = () => new Map(core.registry.listApis().map((doc) => [toolName(doc.name), doc]));
  const unsubscribe = core.registry.onChange(() => void server.sendToolListChanged().catch(() => undefined));
  server.onclose = () => {
    unsubscribe.dispose();
    void staging.discard().catch(() => undefined);
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listTools(core) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args = {} } = request.params;
    if (name in inputs) {
      const parsed = inputs[name as MetaName].safeParse(args);
      if (!parsed.success) return text(`INVALID_ARGUMENTS: ${z.prettifyError(parsed.error)}`, true);
      return callMeta(core, server, staging, name as MetaName, parsed.data as never, extra.signal);
    }
    const doc = byTool().get(name);
    if (!doc) return text(`unknown tool ${name}`, true);
    if (needsApproval(doc.effects)) {
      const answer = await confirmThroughClient(server, `${doc.name} [${doc.effects}] with ${JSON.stringify(args).slice(0, 300)}`, extra.signal);
      if (!answer.ok) return text(answer.error.message, true);
    }
    const work = await staging.toolStaging();
    const outcome = await core.packs.call(doc.name, args, { signal: extra.signal, roots: work.grantedRoots, staging: work });
    if (!outcome.ok) return text(`${outcome.error.code}: ${outcome.error.message}`, true);
    return text(JSON.stringify(outcome.value ?? null, null, 1));
  });
  return { server, staging };
}

async function callMeta(
  core: Core,
  server: Server,
  staging: SessionStaging,
  name: MetaName,
  input: Record<string, unknown>,
  signal: AbortSignal,
): Promise<CallToolResult> {
  try {
    switch (name) {
      case 'switchboard_search_apis':
        return await searchApis(core, input as z.output<(typeof inputs)['switchboard_search_apis']>, signal);
      case 'switchboard_declarations':
        return declarations(core, input as { apis: string[] });
      case 'switchboard_run_program':
        return await runProgram(core, server, staging, (input as { program: string }).program, signal);
      case 'switchboard_preview': {
        const entries = await staging.entries();
        const target = (input as { target?: string }).target;
        if (!target) return text(entries.map((e) => `${e.entry.action} ${e.entry.kind} ${e.entry.target}`).join('\n') || 'nothing is staged');
        const item = entries.find((e) => e.entry.target === target);
        if (!item) return text(`NOT_FOUND: nothing is staged for ${target} (staged: ${entries.map((e) => e.entry.target).join(', ') || 'nothing'})`, true);
        return { content: await previewSessionEntry(item) };
      }
      case 'switchboard_apply': {
        const risky = await staging.risky();
        if (risky.length > 0) {
          const answer = await confirmThroughClient(server, `applying: ${risky.join('; ')}`, signal);
          if (!answer.ok) return text(answer.error.message, true);
        }
        const reports = await staging.apply();
        const files = reports.flatMap((r) => r.files.map((f) => `${f.action} ${f.target}`));
        return text(files.length > 0 ? `applied:\n${files.join('\n')}\n(switchboard_undo restores them)` : 'nothing was staged');
      }
      case 'switchboard_discard': {
        const files = (await staging.discard()).flatMap((r) => r.files.map((f) => f.target));
        return text(files.length > 0 ? `discarded:\n${files.join('\n')}` : 'nothing was staged');
      }
      case 'switchboard_undo': {
        const reports = await staging.undo();
        if (!reports) return text('NOT_FOUND: this session has applied nothing to undo', true);
        return text(`restored:\n${reports.flatMap((r) => r.files.map((f) => f.target)).join('\n')}`);
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    return text(`${code ? `${code}: ` : ''}${errorMessage(error)}`, true);
  }
}
