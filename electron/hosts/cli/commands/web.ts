import { join } from 'node:path';
import type { Command } from 'commander';
import { appVersion, cliBuildId, REPO_ROOT } from '../../package-info';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';
import { errorMessage } from '../../../shared/errors';

export function registerWeb(program: Command, ctx: CliContext): void {
  program
    .command('web')
    .description('serve the app to a browser on 127.0.0.1 (build the renderer first: npm run build)')
    .option('--port <port>', 'port to listen on (default: a free one)', parsePort)
    .option('--renderer <dir>', 'built renderer folder', join(REPO_ROOT, 'out', 'renderer'))
    .action(async (options: { port?: number; renderer: string }) => {
      const globals = program.opts<GlobalOptions>();
      const [{ builtinPacks }, { createCore }, { stderrSink }, { loadLocalProvider }, { startWebHost }] = await Promise.all([
        import('../../../../apis'),
        import('../../../core/create-core'),
        import('../../../core/log/file-sink'),
        import('../../../core/model/local/lazy-loader'),
        import('../../web-host'),
      ]);
      const buildId = cliBuildId();
      const core = await createCore({
        host: 'web',
        home: globals.home,
        env: ctx.env,
        appVersion: appVersion(),
        packs: builtinPacks,
        ...(buildId ? { buildId } : {}),
        localProvider: loadLocalProvider,
        logSinks: globals.verbose ? [stderrSink(ctx.err)] : [],
      });
      let host;
      try {
        host = await startWebHost({ core, rendererDir: options.renderer, port: options.port });
      } catch (error) {
        await core.dispose();
        throw new CliError(errorMessage(error));
      }
      ctx.out(`Switchboard is running. Open this URL in a browser (it holds this start's access token):\n${host.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await core.dispose();
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`not a port: ${value}`, 2);
  return port;
}
