import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../../electron/shared/result';
import { defaultSettings } from '../../../electron/shared/settings';
import { encodeWav } from '../../../electron/shared/wav';
import { MicrophoneError, type OpenRecorder, type Recording } from '../features/voice/recorder';
import { fakeBridge, fakeConnection } from './fakes';
import { createSwitchboardStore } from './index';

/** A recorder standing in for the microphone: reports levels and stops with a WAV of the given length. */
function fakeRecorder(durationMs: number) {
  const opened: Array<(level: number) => void> = [];
  let cancelled = 0;
  const open: OpenRecorder = async (onLevel) => {
    opened.push(onLevel);
    return {
      stop: async (): Promise<Recording> => ({ wav: encodeWav(new Int16Array((durationMs * 16_000) / 1000).fill(1000)), durationMs }),
      cancel: () => void cancelled++,
    };
  };
  return { open, opened, cancelled: () => cancelled };
}

function store(recorder: OpenRecorder | undefined, handlers: Parameters<typeof fakeBridge>[0]) {
  const fake = fakeBridge(handlers);
  return { fake, store: createSwitchboardStore({ bridge: fake.bridge, connection: fakeConnection().connection, ...(recorder ? { recorder } : {}) }) };
}

describe('voice slice', () => {
  it('records while held, shows the level, sends the WAV and puts the transcript after the draft', async () => {
    const mic = fakeRecorder(2000);
    const { fake, store: s } = store(mic.open, { 'speech.transcribe': () => ok({ text: ' ask not ', provider: 'openai' as const, durationMs: 2000 }) });
    s.getState().setDraft('Note:');
    await s.getState().startVoice('button');
    expect(s.getState().voicePhase).toBe('recording');
    mic.opened[0]!(42);
    expect(s.getState().voiceLevel).toBe(42);
    await s.getState().stopVoice('key'); // the other control's release does nothing
    expect(s.getState().voicePhase).toBe('recording');
    await s.getState().stopVoice('button');
    expect(s.getState()).toMatchObject({ voicePhase: 'idle', draft: 'Note: ask not', voiceProblem: null, voiceTranscripts: 1 });
    const sent = fake.calls.find((c) => c.route === 'speech.transcribe')!.input as { audio: string };
    expect(atob(sent.audio).slice(0, 4)).toBe('RIFF');
  });

  it('sends at once when the setting says so', async () => {
    const settings = defaultSettings();
    settings.voice.sendImmediately = true;
    const { fake, store: s } = store(fakeRecorder(1000).open, {
      'speech.transcribe': () => ok({ text: 'hello', provider: 'whisper.cpp' as const, durationMs: 1000 }),
      'chat.send': () => fail('UNAVAILABLE', 'offline for the test'),
    });
    s.getState().receiveSettings(settings);
    await s.getState().startVoice('key');
    await s.getState().stopVoice('key');
    expect(fake.calls.map((c) => c.route)).toEqual(['speech.transcribe', 'chat.send']);
    expect(fake.calls[1]!.input).toMatchObject({ text: 'hello' });
  });

  it('says why: no speech model (with the model to download), a tap too short, no microphone', async () => {
    const { store: s } = store(fakeRecorder(1500).open, {
      'speech.transcribe': () => fail('UNAVAILABLE', 'no speech model', { reason: 'NO_SPEECH_MODEL', modelId: 'whisper-base.en' }),
    });
    await s.getState().startVoice('button');
    await s.getState().stopVoice('button');
    expect(s.getState().voiceProblem).toMatchObject({ reason: 'NO_SPEECH_MODEL', modelId: 'whisper-base.en' });

    const { fake, store: tap } = store(fakeRecorder(100).open, {});
    await tap.getState().startVoice('button');
    await tap.getState().stopVoice('button');
    expect(tap.getState().voiceProblem?.reason).toBe('TOO_SHORT');
    expect(fake.calls).toEqual([]);

    const { store: deaf } = store(async () => {
      throw new MicrophoneError('NO_MICROPHONE', 'No microphone was found.');
    }, {});
    await deaf.getState().startVoice('button');
    expect(deaf.getState()).toMatchObject({ voicePhase: 'idle', voiceProblem: { reason: 'NO_MICROPHONE', message: 'No microphone was found.' } });
  });

  it('a release while the microphone is still opening stops the recording once it is open', async () => {
    let open!: () => void;
    const mic = fakeRecorder(800);
    const slow: OpenRecorder = (onLevel) => new Promise((resolve) => (open = () => resolve(mic.open(onLevel))));
    const { fake, store: s } = store(slow, { 'speech.transcribe': () => ok({ text: 'quick', provider: 'openai' as const, durationMs: 800 }) });
    const starting = s.getState().startVoice('button');
    expect(s.getState().voicePhase).toBe('starting');
    await s.getState().stopVoice('button');
    open();
    await starting;
    expect(fake.calls.map((c) => c.route)).toEqual(['speech.transcribe']);
    expect(s.getState()).toMatchObject({ voicePhase: 'idle', draft: 'quick' });
  });
});
