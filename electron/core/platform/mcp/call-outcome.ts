import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { CallOutcome } from '../pack-runtime';
import { errorMessage } from '../../../shared/errors';

/** The parts of a `tools/call` result we use (the SDK has already validated its shape). */
export interface ToolCallResult {
  content?: unknown[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * Maps a tool result to an outcome: `isError` is a value the program can inspect (API_ERROR with the
 * tool's text); success is the structured content when there is some, else `{ content }`.
 */
export function outcomeOfResult(result: ToolCallResult): CallOutcome {
  const content = (result.content ?? []).map(summarisePart);
  if (result.isError === true) {
    const text = content
      .map((part) => (typeof part.text === 'string' ? part.text : ''))
      .filter((t) => t !== '')
      .join('\n');
    return { ok: false, error: { code: 'API_ERROR', message: text === '' ? 'the MCP tool reported an error without a message' : text } };
  }
  if (result.structuredContent !== undefined) return { ok: true, value: result.structuredContent };
  return { ok: true, value: { content } };
}

// Text is kept whole; binary parts are summarised so base64 never floods a program or the model's context.
function summarisePart(part: unknown): Record<string, unknown> {
  if (typeof part !== 'object' || part === null) return { type: 'unknown' };
  const p = part as Record<string, unknown>;
  switch (p.type) {
    case 'text':
      return { type: 'text', text: p.text };
    case 'image':
    case 'audio':
      return { type: p.type, mimeType: p.mimeType, bytes: typeof p.data === 'string' ? Math.floor((p.data.length * 3) / 4) : 0 };
    case 'resource_link':
      return { type: 'resource_link', uri: p.uri, name: p.name, ...(p.mimeType === undefined ? {} : { mimeType: p.mimeType }) };
    case 'resource': {
      const resource = (typeof p.resource === 'object' && p.resource !== null ? p.resource : {}) as Record<string, unknown>;
      return typeof resource.text === 'string'
        ? { type: 'resource', uri: resource.uri, text: resource.text }
        : { type: 'resource', uri: resource.uri, mimeType: resource.mimeType };
    }
    default:
      return { type: String(p.type) };
  }
}

/** Why a call threw, from the caller's point of view. */
export function outcomeOfError(
  error: unknown,
  context: { aborted: boolean; connectionLost: boolean; remote: boolean; timeoutMs: number; failure?: string },
): CallOutcome {
  const cause = context.failure ? `: ${context.failure}` : '';
  const message = errorMessage(error);
  if (context.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'the call was cancelled' } };
  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout)
      return { ok: false, error: { code: 'TIMEOUT', message: `the MCP server did not answer within ${context.timeoutMs} ms` } };
    if (error.code === ErrorCode.InvalidParams) return { ok: false, error: { code: 'INVALID_ARGUMENTS', message } };
    if (error.code !== ErrorCode.ConnectionClosed && !context.connectionLost) return { ok: false, error: { code: 'API_ERROR', message } };
  }
  if (context.remote) return { ok: false, error: { code: 'UNAVAILABLE', message: `the MCP server could not be reached: ${message}${cause}` } };
  if (context.connectionLost || (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)) {
    return { ok: false, error: { code: 'PACK_CRASHED', message: `the MCP server stopped while the call was running${cause}` } };
  }
  return { ok: false, error: { code: 'API_ERROR', message } };
}
