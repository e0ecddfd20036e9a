export { connectMcpPack, type ConnectMcpPackOptions, type McpPack, type McpPackState } from './mcp-pack';
export { describeSpec, parseMcpSpec, splitCommandLine, type McpServerSpec } from './spec';
export { assignVerbs, effectsOf, toVerb } from './tool-documents';
