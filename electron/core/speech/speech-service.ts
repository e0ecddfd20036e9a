import { encodeWav, isSilent, parseWav, SPEECH_SAMPLE_RATE, WavError } from '../../shared/wav';
import type { SpeechProviderId, SpeechStatus } from '../../shared/speech';
import type { Settings } from '../../shared/settings';
import type { Logger } from '../log/logger';
import type { ModelManager } from '../model/manager/model-manager';
import { isModelError, type ModelProvider } from '../model/provider';
import { SpeechError } from './speech-error';
import { findWhisperBinary, type WhisperBinary } from './whisper-binary';
import { runWhisper } from './whisper-cpp';

export interface SpeechServiceDeps {
  settings: () => Settings;
  /** The OpenAI-compatible provider the settings describe (provider-factory's createOpenAiProvider). */
  endpoint: (options: { offline: boolean }) => Promise<ModelProvider>;
  models: ModelManager;
  logger: Logger;
  /** Finds whisper.cpp's binary (default: findWhisperBinary over the core's environment). */
  binary?: () => Promise<WhisperBinary>;
  env?: NodeJS.ProcessEnv;
}

export interface TranscribeOptions {
  language?: string;
  signal?: AbortSignal;
}

export interface Transcript {
  text: string;
  provider: SpeechProviderId;
  durationMs: number;
}

type Route = { provider: 'openai' } | { provider: 'whisper.cpp'; binary: string; model: string };

/** whisper.cpp wants at least a second of audio; shorter recordings are padded with silence. */
const MIN_WHISPER_SAMPLES = SPEECH_SAMPLE_RATE + SPEECH_SAMPLE_RATE / 10;

/**
 * Push-to-talk transcription. Checks the WAV (16 kHz mono PCM16, not silent), then uses the configured
 * transcription model of the OpenAI-compatible endpoint when there is one (never in offline mode unless it
 * is on this machine), else whisper.cpp with the local speech model from the models folder.
 */
export class SpeechService {
  constructor(private readonly deps: SpeechServiceDeps) {}

  async status(): Promise<SpeechStatus> {
    try {
      const route = await this.route();
      return { provider: route.provider, message: route.provider === 'openai' ? 'the endpoint transcribes' : `whisper.cpp transcribes with ${route.model}` };
    } catch (error) {
      if (!(error instanceof SpeechError)) throw error;
      const binary = await this.binary();
      return {
        provider: null,
        message: error.message,
        ...(error.data.modelId ? { modelId: error.data.modelId } : {}),
        ...(binary.ok ? {} : { engineProblem: binary.error.message }),
      };
    }
  }

  async transcribe(wav: Uint8Array, options: TranscribeOptions = {}): Promise<Transcript> {
    let info;
    try {
      info = parseWav(wav);
    } catch (error) {
      if (error instanceof WavError) throw new SpeechError('INVALID_AUDIO', `the recording is not a usable WAV: ${error.message}`);
      throw error;
    }
    if (info.sampleRate !== SPEECH_SAMPLE_RATE || info.channels !== 1) {
      throw new SpeechError('INVALID_AUDIO', `the recording must be 16 kHz mono 16-bit PCM, not ${info.sampleRate} Hz with ${info.channels} channels`);
    }
    if (info.samples.length === 0 || isSilent(info.samples))
      throw new SpeechError('SILENCE', 'nothing was heard: the recording is silent (check the microphone and its level)');
    const route = await this.route();
    const started = Date.now();
    const text = route.provider === 'openai' ? await this.viaEndpoint(wav, options) : await this.viaWhisper(route, info.samples, options);
    this.deps.logger.info('transcribed', { provider: route.provider, audioMs: info.durationMs, tookMs: Date.now() - started, chars: text.length });
    return { text, provider: route.provider, durationMs: info.durationMs };
  }

  /** Which provider transcribes now; a SpeechError says why none can. */
  private async route(): Promise<Route> {
    const settings = this.deps.settings();
    const offline = settings.privacy.offline;
    let endpointProblem: string | undefined;
    if (settings.models.provider === 'openai' && this.endpointHasTranscription(settings)) {
      try {
        const provider = await this.deps.endpoint({ offline });
        await provider.dispose();
        if (provider.capabilities.transcription) return { provider: 'openai' };
      } catch (error) {
        if (!isModelError(error)) throw error;
        endpointProblem = error.message;
      }
    }
    const binary = await this.binary();
    const installed = await this.localModel();
    if (installed.path && binary.ok) return { provider: 'whisper.cpp', binary: binary.value, model: installed.path };
    if (installed.path && !binary.ok) throw new SpeechError('SPEECH_ENGINE_UNAVAILABLE', `a speech model is installed but ${binary.error.message}`);
    if (offline && endpointProblem)
      throw new SpeechError('OFFLINE', `${endpointProblem}, and no local speech model is installed`, { modelId: installed.suggest });
    const why = endpointProblem ? ` (the endpoint: ${endpointProblem})` : '';
    throw new SpeechError(
      'NO_SPEECH_MODEL',
      `no speech model: download ${installed.suggest ?? 'a whisper model'} in Settings → Models, or set a transcription model for the endpoint${why}`,
      installed.suggest ? { modelId: installed.suggest } : {},
    );
  }

  /** A transcription model named in the settings, or a preset that has one by default. */
  private endpointHasTranscription(settings: Settings): boolean {
    return settings.models.openai.models.transcription !== undefined || ['openai', 'azure'].includes(settings.models.openai.preset);
  }

  /** The first installed speech model of the catalogue, else the id to suggest for download. */
  private async localModel(): Promise<{ path?: string; suggest?: string }> {
    const entries = (await this.deps.models.entries()).filter((e) => e.kind === 'speech');
    for (const entry of entries) {
      const status = await this.deps.models.status(entry);
      if (status.installed) return { path: status.path };
    }
    return entries[0] ? { suggest: entries[0].id } : {};
  }

  private binary(): Promise<WhisperBinary> {
    return this.deps.binary ? this.deps.binary() : findWhisperBinary(this.deps.env ?? {});
  }

  private async viaEndpoint(wav: Uint8Array, options: TranscribeOptions): Promise<string> {
    const provider = await this.deps.endpoint({ offline: this.deps.settings().privacy.offline });
    try {
      const result = await provider.transcribe({
        audio: wav,
        fileName: 'speech.wav',
        ...(options.language ? { language: options.language } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return result.text.trim();
    } catch (error) {
      if (isModelError(error)) throw new SpeechError('PROVIDER_FAILED', `the endpoint could not transcribe: ${error.message}`, { provider: 'openai' });
      throw error;
    } finally {
      await provider.dispose();
    }
  }

  private async viaWhisper(route: Extract<Route, { provider: 'whisper.cpp' }>, samples: Int16Array, options: TranscribeOptions): Promise<string> {
    const padded = samples.length >= MIN_WHISPER_SAMPLES ? samples : Int16Array.from({ length: MIN_WHISPER_SAMPLES }, (_, i) => samples[i] ?? 0);
    const result = await runWhisper({ binary: route.binary, model: route.model, wav: encodeWav(padded), ...options });
    if (result.text === '') this.deps.logger.warn('whisper.cpp recognised no words', { model: route.model, log: result.log.slice(-2000) });
    return result.text;
  }
}
