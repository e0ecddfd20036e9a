import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Core } from '../../core/create-core';
import type { RunEvent } from '../../core/executor';
import { renderDeclarations } from '../../core/platform/declarations';
import { confirmThroughClient } from './confirm';
import type { SessionStaging } from './session-staging';

const text = (t: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: t }], ...(isError ? { isError } : {}) });
const clip = (v: unknown, max = 2000): string => {
  const t = JSON.stringify(v) ?? 'undefined';
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

/** switchboard_search_apis: the selector's ranked APIs with their scores and effects. */
export async function searchApis(core: Core, input: { query: string; k: number; modules?: string[] }, signal: AbortSignal): Promise<CallToolResult> {
  const found = await core.selector.search(input.query, { k: input.k, modules: input.modules, signal });
  const lines = found.results.map(
    (r, i) => `${i + 1}. ${r.name} score=${r.score.toFixed(4)} [${r.effects}] ${core.registry.getApi(r.name)?.description.split('\n')[0] ?? ''}`,
  );
  const warning = found.status === 'degraded' ? '\n(selection degraded: some signals were unavailable)' : '';
  return text(`${lines.join('\n') || 'no API matched'}${warning}\nNext: switchboard_declarations with the names you will call.`);
}

/** switchboard_declarations: the TypeScript declarations a program is checked against. */
export function declarations(core: Core, input: { apis: string[] }): CallToolResult {
  const unknown = input.apis.filter((name) => !core.registry.getApi(name));
  if (unknown.length > 0) return text(`unknown API${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (find names with switchboard_search_apis)`, true);
  return text(
    renderDeclarations(
      input.apis.map((name) => core.registry.getApi(name)!),
      'full',
    ),
  );
}

/** switchboard_run_program: verify, run in the sandbox, stage its files in the session; the calls and result come back. */
export async function runProgram(core: Core, server: Server, staging: SessionStaging, program: string, signal: AbortSignal): Promise<CallToolResult> {
  const trace: string[] = [];
  const refusals: string[] = [];
  const onEvent = (event: RunEvent): void => {
    if (event.type === 'run.api.called') trace.push(`call #${event.callId} ${event.api} ${clip(event.args, 400)}`);
    else if (event.type === 'run.api.result') trace.push(`  → ${clip(event.value, 800)}`);
    else if (event.type === 'run.api.error') trace.push(`  ✗ ${event.error.code}: ${event.error.message}`);
    else if (event.type === 'run.log') trace.push(`log ${event.text}`);
    else if (event.type === 'run.approval.requested') {
      void confirmThroughClient(server, `${event.api} [${event.effects}] with ${clip(event.args, 300)}`, signal).then((answer) => {
        if (!answer.ok) refusals.push(answer.error.message);
        try {
          core.executor.approve(event.runId, event.requestId, answer.ok ? 'once' : 'deny');
        } catch {
          // The run ended meanwhile.
        }
      });
    }
  };
  const result = await core.executor.run(program, { roots: staging.roots, signal, onEvent });
  if (result.status === 'refused') {
    const diagnostics = (result.diagnostics ?? []).map((d) => `line ${d.line ?? '?'}: ${d.message}`).join('\n');
    return text(`REFUSED by the verifier (nothing ran):\n${diagnostics || result.error?.message || ''}`, true);
  }
  if (result.artifacts.length > 0) staging.addRun(result.runId);
  else await core.executor.discard(result.runId).catch(() => undefined);
  const files = result.artifacts.map((a) => `${a.action} ${a.kind} ${a.target}`);
  const parts = [
    `status: ${result.status}`,
    ...(result.status === 'completed' ? [`result: ${clip(result.value)}`] : [`error: ${result.error?.code}: ${result.error?.message}`]),
    ...refusals,
    `calls (${result.statistics.calls}):`,
    ...trace,
    files.length > 0 ? `staged (not yet on disk; switchboard_preview, then switchboard_apply or switchboard_discard):\n${files.join('\n')}` : 'staged: nothing',
  ];
  return text(parts.join('\n'), result.status !== 'completed');
}
