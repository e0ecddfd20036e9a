import type { Command } from 'commander';
import { resolvePaths } from '../../../core/config/paths';
import type { EmbedderKind } from '../../../core/selector/providers';
import { CliError, type CliContext } from '../context';
import type { GlobalOptions } from '../program';

/** `switchboard bench select|scale`: the selector's measurable contracts (issue 4). */
export function registerBench(program: Command, ctx: CliContext): void {
  const bench = program.command('bench').description('measure the API selector');
  registerSelectBench(bench, program, ctx);
  registerScaleBench(bench, program, ctx);
}

/** `bench select`: recall, nDCG and latency of a retrieval set in a fresh index. */
function registerSelectBench(bench: Command, program: Command, ctx: CliContext): void {
  bench
    .command('select')
    .description('load a retrieval set into a fresh index and report recall, nDCG and latency')
    .requiredOption('--apis <file>', 'apis.jsonl')
    .requiredOption('--queries <file>', 'queries.jsonl to evaluate')
    .option('--feedback <file>', 'queries.jsonl replayed first as applied and thumbed-up past requests')
    .option('--k <n>', 'results per query', '10')
    .option('--embedder <kind>', 'glove | openai | onnx', 'glove')
    .option('--json', 'print one JSON object on the last line')
    .action(async (options: { apis: string; queries: string; feedback?: string; k: string; embedder: string; json?: boolean }) => {
      const global = program.opts<GlobalOptions>();
      const kind = parseKind(options.embedder);
      const k = Number(options.k);
      if (!Number.isInteger(k) || k < 1 || k > 100) throw new CliError('--k must be an integer from 1 to 100', 2);
      const paths = resolvePaths({ home: global.home, env: ctx.env });
      const [{ stderrSink }, { createLogger }, { runSelectBench }, { openEmbedder }] = await Promise.all([
        import('../../../core/log/file-sink'),
        import('../../../core/log/logger'),
        import('../../../core/selector/bench/select-bench'),
        import('../../../core/selector/providers'),
      ]);
      const logger = createLogger({ sinks: global.verbose ? [stderrSink(ctx.err)] : [], level: global.verbose ? 'debug' : 'warn' });
      const embedder = await openEmbedder({
        kind,
        modelsDir: paths.modelsDir,
        env: ctx.env,
        onBuild: (reason) => ctx.err(`building the word-vector cache in ${paths.modelsDir} (${reason}); this happens once\n`),
      });
      const figures = await runSelectBench({
        apis: options.apis,
        queries: options.queries,
        feedback: options.feedback,
        k,
        embedder,
        logger,
        progress: options.json ? undefined : ctx.out,
      });
      if (options.json) ctx.out(`${JSON.stringify(figures)}\n`);
      else
        ctx.out(
          Object.entries(figures)
            .map(([key, value]) => `${key.padEnd(10)} ${value}\n`)
            .join(''),
        );
    });
}

/** `bench scale`: synthetic APIs at a chosen count, with the ANN index's knobs and an optional sweep of them. */
function registerScaleBench(bench: Command, program: Command, ctx: CliContext): void {
  bench
    .command('scale')
    .description('synthetic API documents: ingest, index build, disk size, latency, ANN recall, peak RSS')
    .requiredOption('--apis <n>', 'number of synthetic APIs (up to 1,000,000)')
    .option('--queries <n>', 'queries to time', '200')
    .option('--nprobes <n>', 'IVF partitions probed per vector query')
    .option('--refine <n>', 'PQ candidates re-ranked with full vectors (limit × n)')
    .option('--ann <kind>', 'ivf_flat | ivf_pq')
    .option('--sub-vectors <n>', 'PQ sub-vectors (ivf_pq)')
    .option('--sweep <list>', 'also time nprobes:refine pairs on the same index, e.g. 20:5,40:10')
    .option('--json', 'print one JSON object on the last line')
    .action(
      async (options: {
        apis: string;
        queries: string;
        nprobes?: string;
        refine?: string;
        ann?: string;
        subVectors?: string;
        sweep?: string;
        json?: boolean;
      }) => {
        const n = Number(options.apis);
        if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new CliError('--apis must be an integer from 1 to 1000000', 2);
        if (options.ann && options.ann !== 'ivf_pq' && options.ann !== 'ivf_flat') throw new CliError('--ann must be ivf_flat or ivf_pq', 2);
        const global = program.opts<GlobalOptions>();
        const paths = resolvePaths({ home: global.home, env: ctx.env });
        const [{ runScaleBench }, { openEmbedder }] = await Promise.all([
          import('../../../core/selector/bench/scale-bench'),
          import('../../../core/selector/providers'),
        ]);
        const ann = {
          ...(options.nprobes ? { nprobes: Number(options.nprobes) } : {}),
          ...(options.refine ? { refineFactor: Number(options.refine) } : {}),
          ...(options.ann ? { kind: options.ann as 'ivf_pq' | 'ivf_flat' } : {}),
          ...(options.subVectors ? { numSubVectors: Number(options.subVectors) } : {}),
        };
        const sweep = (options.sweep ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair) => {
            const [nprobes, refineFactor] = pair.split(':').map(Number);
            return { nprobes: nprobes!, refineFactor: refineFactor ?? 1 };
          });
        const figures = await runScaleBench({
          apis: n,
          queries: Number(options.queries),
          embedder: () => openEmbedder({ kind: 'glove', modelsDir: paths.modelsDir, env: ctx.env }),
          ann,
          sweep,
          progress: options.json ? undefined : ctx.out,
        });
        if (options.json) ctx.out(`${JSON.stringify(figures)}\n`);
        else
          ctx.out(
            Object.entries(figures)
              .map(([key, value]) => `${key.padEnd(18)} ${typeof value === 'object' ? JSON.stringify(value) : value}\n`)
              .join(''),
          );
      },
    );
}

function parseKind(value: string): EmbedderKind {
  if (value === 'glove' || value === 'openai' || value === 'onnx') return value;
  throw new CliError(`--embedder must be glove, openai or onnx (got ${value})`, 2);
}
