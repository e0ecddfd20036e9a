import { parseMcpSpec } from './mcp/spec';
import { startJsPack } from './js-pack';
import type { PackKinds } from './pack-manager';
import { fetchPackSource } from './sources';

/** The real pack kinds: archives and npm packages, out-of-process JavaScript packs, MCP servers. */
export const packKinds: PackKinds = {
  fetchSource: (spec, options) => fetchPackSource(spec, options),
  startJs: (options) => startJsPack(options),
  parseMcp: parseMcpSpec,
  // The MCP client SDK loads with the first MCP pack, not when the core starts.
  connectMcp: async (options) => (await import('./mcp/mcp-pack')).connectMcpPack(options),
};
