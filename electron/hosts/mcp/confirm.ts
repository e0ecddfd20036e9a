import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { errorMessage } from '../../shared/errors';
import type { Result } from '../../shared/result';

/** Whether the person confirmed, or why not (`error.message` is the text the client shows as the tool's failure). */
export type Confirmation = Result<true, 'REFUSED' | 'DENIED'>;

/**
 * Asks the person through MCP elicitation. A client that cannot elicit gets a refusal: a destructive or
 * external action is never taken on the model's word alone.
 */
export async function confirmThroughClient(server: Server, what: string, signal?: AbortSignal): Promise<Confirmation> {
  if (!server.getClientCapabilities()?.elicitation) {
    return {
      ok: false,
      error: {
        code: 'REFUSED',
        message: `REFUSED: ${what} needs the person's approval, and this MCP client does not support elicitation to ask for it. Use a client with elicitation, or the Switchboard app.`,
      },
    };
  }
  try {
    const answer = await server.elicitInput(
      {
        mode: 'form',
        message: `Switchboard asks: allow ${what}?`,
        requestedSchema: { type: 'object', properties: { allow: { type: 'boolean', title: 'Allow', description: `Allow ${what}` } }, required: ['allow'] },
      },
      { signal },
    );
    if (answer.action === 'accept' && answer.content?.allow === true) return { ok: true, value: true };
    return { ok: false, error: { code: 'DENIED', message: `DENIED: the person did not allow ${what} (${answer.action}).` } };
  } catch (error) {
    return { ok: false, error: { code: 'DENIED', message: `DENIED: asking the person about ${what} failed: ${errorMessage(error)}` } };
  }
}
