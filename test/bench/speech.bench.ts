import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createLocalClient } from '../../electron/core/ipc/local-client';
import { findWhisperBinary } from '../../electron/core/speech';
import { encodeWav, floatToPcm16, isSilent, parseWav } from '../../electron/shared/wav';
import { StreamingResampler } from '../../renderer/src/features/voice/resample';
import { testCore } from '../helpers/core';
import { startOpenAiServer } from '../helpers/openai-server';
import { sharedModel } from '../helpers/shared-models';
import { measure, type Figure } from './stats';

const STUB = 'for-tests-ggml-tiny.en.bin';

/** Push-to-talk: the capture path's pure work, the speech route over the scripted endpoint, and whisper.cpp on jfk.wav. */
export async function benchSpeech(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const jfk = await readFile(sharedModel('jfk.wav'));
  const audio = jfk.toString('base64');

  // 10 s at 48 kHz in the worklet's 128-frame blocks → 16 kHz PCM16 → WAV.
  const input = Float32Array.from({ length: 480_000 }, (_, i) => 0.3 * Math.sin(i / 7));
  figures.push(
    await measure(
      'capture: 10 s of 48 kHz → 16 kHz PCM16 WAV (128-frame blocks)',
      30,
      async () => {
        const resampler = new StreamingResampler(48_000);
        const parts: Int16Array[] = [];
        for (let i = 0; i < input.length; i += 128) parts.push(floatToPcm16(resampler.push(input.subarray(i, i + 128))));
        const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
        let offset = 0;
        for (const p of parts) {
          samples.set(p, offset);
          offset += p.length;
        }
        return { ok: encodeWav(samples).length === 44 + 320_000 };
      },
      3,
    ),
  );
  figures.push(await measure('core: parse and silence-check jfk.wav (11 s)', 200, async () => ({ ok: !isSilent(parseWav(new Uint8Array(jfk)).samples) }), 10));

  const server = await startOpenAiServer({ transcription: () => ({ text: 'ask not what your country can do for you' }) });
  const env = await testCore();
  try {
    await env.core.settings.set({ models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { transcription: 'w' } } } });
    const client = createLocalClient(env.core);
    figures.push(
      await measure(
        'speech.transcribe jfk.wav via the endpoint (loopback, scripted; base64 + checks + multipart upload)',
        50,
        () => client.request('speech.transcribe', { audio }),
        5,
      ),
    );
  } finally {
    await env.close();
    await server.close();
  }

  const binary = await findWhisperBinary(process.env);
  if (!binary.ok) {
    process.stderr.write(`speech bench: whisper.cpp skipped: ${binary.error.message}\n`);
    return figures;
  }
  const withModel = await testCore({ env: {} });
  try {
    // The default catalogue's speech entry is whisper-base.en; the weightless stub stands in under its file name.
    const entry = (await withModel.core.models.entries()).find((e) => e.kind === 'speech')!;
    await mkdir(withModel.core.paths.modelsDir, { recursive: true });
    await copyFile(sharedModel(STUB), withModel.core.models.pathOf(entry));
    const client = createLocalClient(withModel.core);
    const figure = await measure(
      'speech.transcribe jfk.wav via whisper.cpp (weightless tiny.en stub, load + encode + decode)',
      3,
      () => client.request('speech.transcribe', { audio }),
      0,
    );
    figures.push(figure);
  } finally {
    await withModel.close();
  }
  return figures;
}
