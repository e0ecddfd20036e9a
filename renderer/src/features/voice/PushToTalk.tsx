import { useEffect, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard, type SwitchboardState } from '../../stores';
import './voice.css';

const HOLD_KEYS = new Set([' ', 'Enter']);

/** The composer's push-to-talk: hold the button (pointer, Space or Enter) or V elsewhere; a level meter while recording. */
export function PushToTalk() {
  const { transcripts, phase, source, level, problem, start, stop, cancel, dismiss, pullModel, openSettings } = useSwitchboard(
    useShallow((s) => ({
      transcripts: s.voiceTranscripts,
      phase: s.voicePhase,
      source: s.voiceSource,
      level: s.voiceLevel,
      problem: s.voiceProblem,
      start: s.startVoice,
      stop: s.stopVoice,
      cancel: s.cancelVoice,
      dismiss: s.dismissVoiceProblem,
      pullModel: s.pullModel,
      openSettings: s.openSettings,
    })),
  );
  const busy = phase !== 'idle';

  // Leaving the chat while holding the button (Ctrl+2) must not leave the microphone open.
  useEffect(() => () => void stop('button'), [stop]);

  // A transcript landed in the composer: put the caret after it, ready to edit or send.
  useEffect(() => {
    if (transcripts === 0) return;
    const input = document.getElementById('composer-input');
    if (!(input instanceof HTMLTextAreaElement)) return;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }, [transcripts]);

  const status =
    phase === 'starting'
      ? 'Opening the microphone…'
      : phase === 'recording'
        ? 'Recording. Release to transcribe.'
        : phase === 'transcribing'
          ? 'Transcribing…'
          : '';

  return (
    <div className="voice">
      <div className="voice__controls">
        <HoldButton phase={phase} source={source} start={start} stop={stop} cancel={cancel} />
        {phase === 'recording' && <LevelMeter level={level} />}
        <p className="voice__status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
      <p id="voice-hint" className="hint voice__hint">
        Hold the button, or hold V when not typing, and speak; release to put the words in the message.
      </p>
      {problem && !busy && <VoiceProblem problem={problem} pullModel={pullModel} openSettings={openSettings} dismiss={dismiss} />}
    </div>
  );
}

type VoiceState = SwitchboardState;

/** The hold-to-talk button: pointer, Space or Enter held records; release stops, Escape or a lost pointer cancels. */
function HoldButton(props: {
  phase: VoiceState['voicePhase'];
  source: VoiceState['voiceSource'];
  start: VoiceState['startVoice'];
  stop: VoiceState['stopVoice'];
  cancel: VoiceState['cancelVoice'];
}) {
  const { phase, source, start, stop, cancel } = props;
  const recording = phase === 'recording' || phase === 'starting';
  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    void start('button');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'Escape' && recording) return cancel();
    if (!HOLD_KEYS.has(event.key)) return;
    event.preventDefault();
    if (!event.repeat) void start('button');
  };
  const onKeyUp = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!HOLD_KEYS.has(event.key)) return;
    event.preventDefault();
    void stop('button');
  };
  return (
    <button
      type="button"
      className={`button voice__button${recording ? ' voice__button--recording' : ''}`}
      aria-pressed={recording}
      aria-describedby="voice-hint"
      disabled={phase === 'transcribing'}
      onPointerDown={onPointerDown}
      onPointerUp={() => void stop('button')}
      onPointerCancel={() => cancel()}
      onKeyDown={onKeyDown}
      onKeyUp={onKeyUp}
      onBlur={() => source === 'button' && void stop('button')}
      onContextMenu={(event) => event.preventDefault()}
    >
      <span aria-hidden="true" className="voice__dot" />
      {recording ? 'Recording… release to stop' : 'Hold to talk'}
    </button>
  );
}

function LevelMeter({ level }: { level: number }) {
  return (
    <div
      className="voice__meter"
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={level}
      aria-valuetext={`${level} percent`}
    >
      <div className="voice__meter-fill" style={{ width: `${level}%` }} />
    </div>
  );
}

/** Why the last recording gave no words, with the way out (download the speech model, open Settings, dismiss). */
function VoiceProblem(props: {
  problem: NonNullable<VoiceState['voiceProblem']>;
  pullModel: VoiceState['pullModel'];
  openSettings: VoiceState['openSettings'];
  dismiss: () => void;
}) {
  const { problem, pullModel, openSettings, dismiss } = props;
  return (
    <div className="banner banner--warning voice__problem" role="alert">
      <p className="banner__text">{problem.message}</p>
      <div className="voice__actions">
        {problem.reason === 'NO_SPEECH_MODEL' && problem.modelId && (
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              void pullModel(problem.modelId!);
              openSettings('models');
            }}
          >
            Download the speech model
          </button>
        )}
        {problem.reason === 'NO_SPEECH_MODEL' && (
          <button type="button" className="button" onClick={() => openSettings('models')}>
            Open Settings → Models
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={dismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
