import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ApiRegistry } from '../../core/platform/registry';

type ApiDocument = ReturnType<ApiRegistry['listApis']>[number];

/** MCP tool names are safest as [A-Za-z0-9_-] (several clients refuse dots): `pptx.createDeck` → `pptx_createDeck`. */
export function toolName(api: string): string {
  return api.replace(/\./g, '_');
}

/** Annotations from an API's effects, so a client can tell reads from writes before calling. */
export function annotationsOf(doc: ApiDocument): NonNullable<Tool['annotations']> {
  return {
    title: doc.name,
    readOnlyHint: doc.effects === 'read',
    destructiveHint: doc.effects === 'destructive',
    idempotentHint: doc.effects === 'read',
    openWorldHint: doc.effects === 'external',
  };
}

/** One installed API as an MCP tool: its document's description, composition and parameters. */
export function apiTool(doc: ApiDocument): Tool {
  const staged =
    doc.effects === 'stage' ? '\nFiles it writes are staged in this session: see them with switchboard_preview, write them with switchboard_apply.' : '';
  const composition = doc.composition.trim() ? `\nComposition: ${doc.composition.trim()}` : '';
  return {
    name: toolName(doc.name),
    description: `${doc.description}${composition}${staged}`,
    inputSchema: doc.parameters as Tool['inputSchema'],
    annotations: annotationsOf(doc),
  };
}
