import { availableParallelism } from 'node:os';
import { getLlama, type Llama, type LlamaLogLevel } from 'node-llama-cpp';
import type { Logger } from '../../log/logger';

let runtime: Promise<Llama> | undefined;
let sink: Logger | undefined;

/**
 * The process-wide llama.cpp runtime: node-llama-cpp's prebuilt CPU binary (@node-llama-cpp/linux-x64),
 * never a download or a build, no GPU. Loading it takes about 1.5 s, so it is shared.
 */
export function llamaRuntime(logger?: Logger): Promise<Llama> {
  if (logger) sink = logger;
  runtime ??= getLlama({
    gpu: false,
    build: 'never',
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    logLevel: 'warn' as LlamaLogLevel,
    logger: (level, message) => {
      const text = message.trim();
      if (!text) return;
      if (level === 'error' || level === 'fatal') sink?.warn('llama.cpp', { level, message: text });
      else sink?.debug('llama.cpp', { level, message: text });
    },
  }).catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

/** llama.cpp runs fastest here with one thread per core (more threads than cores is 15x slower). */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}
