import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

const HELP = `
Serves the installed office APIs to another assistant (Claude Desktop, VS Code, Cursor, ...) over MCP.
Two faces: every API as a tool (writes are staged per session; switchboard_preview, switchboard_apply,
switchboard_discard, switchboard_undo), and code mode (switchboard_search_apis, switchboard_declarations,
switchboard_run_program). Only the folders granted in settings (workspace.folders) or by --root are
reachable. Destructive and external calls ask through MCP elicitation and are refused without it.
Over --http the server listens on 127.0.0.1 and needs "Authorization: Bearer <token>" (printed on stderr,
or fixed with --token / $SWITCHBOARD_MCP_TOKEN). See docs/mcp.md.`;

export function registerMcp(program: Command, ctx: CliContext): void {
  const mcp = program.command('mcp').description('Switchboard as an MCP server');
  mcp
    .command('serve')
    .description('serve the office APIs over MCP (stdio by default; --http for streamable HTTP on 127.0.0.1)')
    .option('--root <dir>', 'grant a folder (repeatable; added to the folders granted in settings)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--http', 'serve streamable HTTP on 127.0.0.1 instead of stdio')
    .option('--port <port>', 'HTTP port (default: a free one)', (v: string) => {
      const port = Number(v);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`not a port: ${v}`, 2);
      return port;
    })
    .option('--token <token>', 'the bearer token HTTP clients must send (default: $SWITCHBOARD_MCP_TOKEN or a random one)')
    .addHelpText('after', HELP)
    .action(async (options: { root: string[]; http?: boolean; port?: number; token?: string }) => {
      await ctx.withCore(program.opts<GlobalOptions>(), async (_client, core) => {
        const { resolve } = await import('node:path');
        const roots = [...core.settings.get().workspace.folders, ...options.root.map((r) => resolve(r))];
        const stopped = new Promise<void>((done) => {
          process.once('SIGINT', () => done());
          process.once('SIGTERM', () => done());
        });
        if (options.http) {
          const { serveMcpHttp } = await import('../../mcp/http-serve');
          const token = options.token ?? (ctx.env.SWITCHBOARD_MCP_TOKEN || undefined);
          if (token !== undefined && token.length < 16) throw new CliError('the token must be at least 16 characters', 2);
          const host = await serveMcpHttp(core, { roots, port: options.port, token });
          ctx.err(`Switchboard MCP server on ${host.url}\nAuthorization: Bearer ${host.token}\nfolders: ${roots.join(', ') || '(none granted)'}\n`);
          await stopped;
          await host.close();
          return;
        }
        const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
        const { createMcpServer } = await import('../../mcp/mcp-server');
        const { server } = createMcpServer(core, { roots });
        const closed = new Promise<void>((done) => {
          const previous = server.onclose;
          server.onclose = () => {
            previous?.();
            done();
          };
        });
        await server.connect(new StdioServerTransport());
        ctx.err(`Switchboard MCP server on stdio; folders: ${roots.join(', ') || '(none granted)'}\n`);
        await Promise.race([closed, stopped]);
        await server.close();
      });
    });
}
