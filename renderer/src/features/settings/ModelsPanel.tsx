import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo, ProviderPresetInfo } from '../../../../electron/shared/models';
import { MODEL_ROLES, type ModelRole } from '../../../../electron/shared/settings';
import { ErrorBanner } from '../../components/ErrorBanner';
import { describeError } from '../../components/error-text';
import { useSwitchboard } from '../../stores';

const ROLE_LABEL: Record<ModelRole, string> = {
  planner: 'Planner model',
  coder: 'Program-writing model',
  vision: 'Vision model',
  embeddings: 'Embedding model',
  transcription: 'Transcription model',
};

/** Settings → Models: which provider answers, its endpoint, models and key, a connection test, model files. */
export function ModelsPanel() {
  const { state, error, offline, dismiss } = useSwitchboard(
    useShallow((s) => ({
      state: s.providers,
      error: s.providersError ?? s.modelsError,
      offline: s.settings?.privacy.offline ?? false,
      dismiss: s.dismissModelErrors,
    })),
  );
  return (
    <section className="settings-group models-panel" aria-labelledby="models-title">
      <h2 id="models-title" className="section-title">
        Models
      </h2>
      {error && <ErrorBanner title="Model settings." error={error} onDismiss={dismiss} />}
      {offline && <p className="banner banner--info">Offline mode is on: only models on this computer are used, and nothing is downloaded.</p>}
      {state === null ? (
        <p>Loading model settings…</p>
      ) : (
        <>
          <ProviderChoice />
          {state.settings.provider === 'openai' ? <EndpointSettings /> : <LocalSettings />}
          <ConnectionTest />
        </>
      )}
      <ModelFiles />
    </section>
  );
}

function ProviderChoice() {
  const { provider, update } = useSwitchboard(useShallow((s) => ({ provider: s.providers?.settings.provider ?? 'local', update: s.updateProviders })));
  return (
    <fieldset className="plain-fieldset">
      <legend>Who answers</legend>
      <div className="radio-row">
        <label className="choice">
          <input type="radio" name="provider" checked={provider === 'local'} onChange={() => void update({ provider: 'local' })} />A model on this computer
        </label>
        <label className="choice">
          <input type="radio" name="provider" checked={provider === 'openai'} onChange={() => void update({ provider: 'openai' })} />
          An OpenAI-compatible endpoint
        </label>
      </div>
    </fieldset>
  );
}

export function EndpointSettings() {
  const { state, update } = useSwitchboard(useShallow((s) => ({ state: s.providers!, update: s.updateProviders })));
  const openai = state.settings.openai;
  const preset = state.presets.find((p) => p.id === openai.preset) ?? state.presets[0]!;
  const id = useId();
  return (
    <div className="endpoint-settings">
      <label htmlFor={`${id}-preset`}>Service</label>
      <select
        id={`${id}-preset`}
        className="text-input"
        value={openai.preset}
        onChange={(event) => void update({ openai: { preset: event.target.value as ProviderPresetInfo['id'] } })}
      >
        {state.presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      <p className="hint">{preset.notes}</p>
      <CommittedField
        key={`base-${openai.preset}`}
        label="Base URL"
        value={openai.baseURL ?? ''}
        placeholder={preset.baseURL}
        onCommit={(value) => update({ openai: { baseURL: value === '' ? null : value } })}
      />
      {MODEL_ROLES.map((role) => (
        <CommittedField
          key={`${role}-${openai.preset}`}
          label={ROLE_LABEL[role]}
          value={openai.models[role] ?? ''}
          placeholder={preset.models[role] ?? 'not used'}
          onCommit={(value) => update({ openai: { models: { [role]: value === '' ? null : value } } })}
        />
      ))}
      <KeyField preset={preset} hasKey={state.keys[preset.id] ?? false} store={state.secretStore} />
    </div>
  );
}

/** A text field saved when it loses focus or on Enter (each keystroke would write the settings file). */
function CommittedField({
  label,
  value,
  placeholder,
  onCommit,
}: {
  label: string;
  value: string;
  placeholder: string;
  onCommit: (value: string) => Promise<boolean>;
}) {
  const [draft, setDraft] = useState(value);
  const id = useId();
  const commit = () => {
    if (draft.trim() !== value) void onCommit(draft.trim());
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="text-input"
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
    </div>
  );
}

function KeyField({ preset, hasKey, store }: { preset: ProviderPresetInfo; hasKey: boolean; store: string }) {
  const { setKey, clearKey, keyError } = useSwitchboard(useShallow((s) => ({ setKey: s.setProviderKey, clearKey: s.clearProviderKey, keyError: s.keyError })));
  const [key, setKeyDraft] = useState('');
  const id = useId();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await setKey(preset.id, key)) setKeyDraft('');
  };
  return (
    <form className="field key-field" onSubmit={(event) => void submit(event)} aria-label={`${preset.label} API key`}>
      <label htmlFor={id}>API key {preset.needsKey ? '' : '(optional for this service)'}</label>
      <div className="key-field__row">
        <input
          id={id}
          className="text-input"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKeyDraft(event.target.value)}
          placeholder={hasKey ? 'A key is saved' : 'Paste the key'}
          aria-describedby={`${id}-hint`}
        />
        <button type="submit" className="button" disabled={key.trim() === ''}>
          Save key
        </button>
        {hasKey && (
          <button type="button" className="button button--quiet" onClick={() => void clearKey(preset.id)}>
            Remove key
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="hint">
        {hasKey ? 'A key is saved' : 'No key saved'}; keys are kept{' '}
        {store === 'encrypted-file' ? 'encrypted by the operating system' : 'in a file only you can read'}, never in the settings file.
      </p>
      {keyError && (
        <p className="field-error" role="alert">
          The key was not changed. {describeError(keyError)}
        </p>
      )}
    </form>
  );
}

function LocalSettings() {
  const { chatModel, contextSize, choice, files, update } = useSwitchboard(
    useShallow((s) => ({
      chatModel: s.providers!.settings.local.chatModel,
      contextSize: s.providers!.settings.local.contextSize,
      choice: s.providers!.localChoice,
      files: s.modelFiles,
      update: s.updateProviders,
    })),
  );
  const id = useId();
  const chatFiles = (files ?? []).filter((f) => f.kind === 'chat');
  const known = chatModel === undefined || chatFiles.some((f) => f.id === chatModel);
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
  return (
    <div className="endpoint-settings">
      <label htmlFor={`${id}-model`}>Chat model</label>
      <select
        id={`${id}-model`}
        className="text-input"
        value={chatModel ?? ''}
        onChange={(event) => void update({ local: { chatModel: event.target.value === '' ? null : event.target.value } })}
      >
        <option value="">Recommended for this computer{choice && chatModel === undefined ? ` (${choice.chatModel})` : ''}</option>
        {!known && chatModel !== undefined && <option value={chatModel}>{chatModel}</option>}
        {chatFiles.map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
            {f.ramBytes !== undefined ? `, ${gb(f.size)} download, ${gb(f.ramBytes)} RAM` : ''}
            {f.installed ? '' : ' (not downloaded)'}
          </option>
        ))}
      </select>
      {choice && (
        <p className="hint">
          In use: {choice.chatModel}, {choice.contextSize.toLocaleString()} tokens of context ({choice.reason}).
        </p>
      )}
      <label htmlFor={`${id}-context`}>Context size (tokens)</label>
      <select
        id={`${id}-context`}
        className="text-input"
        value={contextSize ?? ''}
        onChange={(event) => void update({ local: { contextSize: event.target.value === '' ? null : Number(event.target.value) } })}
      >
        <option value="">The model’s own{choice && contextSize === undefined ? ` (${choice.contextSize.toLocaleString()})` : ''}</option>
        {[2048, 4096, 8192, 16384, 32768].map((n) => (
          <option key={n} value={n}>
            {n.toLocaleString()}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ConnectionTest() {
  const { test, run } = useSwitchboard(useShallow((s) => ({ test: s.providerTest, run: s.testProvider })));
  return (
    <div className="connection-test">
      <button type="button" className="button" onClick={() => void run()} disabled={test.running}>
        {test.running ? 'Testing…' : 'Test connection'}
      </button>
      <p role="status" className={test.result ? (test.result.ok ? 'test-ok' : 'test-failed') : undefined}>
        {test.result
          ? `${test.result.ok ? 'Works' : 'Does not work'}: ${test.result.message}${test.result.models.length ? ` Models: ${test.result.models.slice(0, 8).join(', ')}` : ''}`
          : ''}
      </p>
    </div>
  );
}

function ModelFiles() {
  const files = useSwitchboard((s) => s.modelFiles);
  return (
    <>
      <h3 className="subsection-title">Model files on this computer</h3>
      {files === null ? (
        <p>Loading…</p>
      ) : files.length === 0 ? (
        <p className="hint">The catalogue is empty.</p>
      ) : (
        <ul className="pack-list">
          {files.map((file) => (
            <ModelFileRow key={file.id} file={file} />
          ))}
        </ul>
      )}
    </>
  );
}

export function ModelFileRow({ file }: { file: ModelInfo }) {
  const { progress, pullError, removeError, pull, cancel, remove } = useSwitchboard(
    useShallow((s) => ({
      progress: s.modelProgress[file.id],
      pullError: s.pullErrors[file.id],
      removeError: s.removeErrors[file.id],
      pull: s.pullModel,
      cancel: s.cancelModel,
      remove: s.removeModel,
    })),
  );
  const resumes = !file.installed && file.partialBytes > 0;
  const downloadLabel = pullError ? 'Try again' : resumes ? 'Resume download' : 'Download';
  const headingId = useId();
  const total = progress?.total ?? file.size;
  const percent = progress && total > 0 ? Math.min(100, Math.round((progress.received / total) * 100)) : 0;
  return (
    <li className="pack-row" aria-labelledby={headingId}>
      <div className="pack-row__main">
        <h4 id={headingId} className="pack-row__name">
          {file.label} <span className="pack-row__version">{formatBytes(file.size, file.sizeApprox)}</span>
        </h4>
        <p className="pack-row__description">{file.description}</p>
        <p className="hint">
          {file.kind} model · {file.license} · {file.checksum === 'none' ? 'no published checksum (recorded at download)' : `checked by ${file.checksum}`} ·{' '}
          {file.installed ? 'installed' : file.partialBytes > 0 ? `${formatBytes(file.partialBytes, false)} downloaded, resumes` : 'not downloaded'}
        </p>
        {progress && (
          <div className="download-progress">
            <progress max={100} value={percent} aria-label={`Downloading ${file.label}`} />
            <span>{progress.phase === 'verify' ? 'Checking…' : `${percent}%`}</span>
          </div>
        )}
        {pullError && !progress && (
          <p className="field-error" role="alert">
            The download did not finish. {describeError(pullError)}
          </p>
        )}
        {removeError && (
          <p className="field-error" role="alert">
            The file was not removed. {describeError(removeError)}
          </p>
        )}
      </div>
      <div className="pack-row__actions">
        {progress ? (
          <button type="button" className="button" onClick={() => void cancel(file.id)} aria-label={`Cancel downloading ${file.label}`}>
            Cancel
          </button>
        ) : file.installed ? (
          <button type="button" className="button" onClick={() => void remove(file.id)} aria-label={`Remove ${file.label}`}>
            Remove
          </button>
        ) : (
          <button type="button" className="button" onClick={() => void pull(file.id)} aria-label={`${downloadLabel} ${file.label}`}>
            {downloadLabel}
          </button>
        )}
      </div>
    </li>
  );
}

export function formatBytes(bytes: number, approx: boolean): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${approx ? 'about ' : ''}${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
