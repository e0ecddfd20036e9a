import { useShallow } from 'zustand/react/shallow';
import type { ModelInfo } from '../../../../electron/shared/models';
import { useSwitchboard } from '../../stores';
import { ConnectionTest, EndpointSettings, formatBytes, ModelFileRow } from '../settings/ModelsPanel';

/** The chat model the settings name, else the catalogue's first chat model. */
function recommendedModel(files: readonly ModelInfo[], chosen: string | undefined): ModelInfo | undefined {
  const chat = files.filter((f) => f.kind === 'chat');
  return chat.find((f) => f.id === chosen) ?? chat[0];
}

/**
 * An estimate for llama.cpp on the CPU: the weights are mapped whole, plus about a quarter more for the
 * context cache and scratch buffers at the default 4,096-token context.
 */
export function memoryNeeded(size: number): number {
  return Math.ceil(size * 1.25);
}

/** Shown instead of the chat when no model is usable: download the local model, connect an endpoint, or skip. */
export function FirstRunSetup() {
  const { files, providers, close } = useSwitchboard(useShallow((s) => ({ files: s.modelFiles ?? [], providers: s.providers, close: s.closeSetup })));
  const recommended = providers ? recommendedModel(files, providers.localChoice?.chatModel ?? providers.settings.local.chatModel) : undefined;
  return (
    <section className="page setup-page" aria-labelledby="setup-title">
      <h1 id="setup-title" className="page__title" tabIndex={-1}>
        Set up a model
      </h1>
      <p>
        Switchboard needs a language model to understand requests and write the steps that carry them out. Choose one of these; you can change it later in
        Settings → Models.
      </p>
      {recommended && <LocalChoice model={recommended} />}
      <EndpointChoice />
      <div className="setup-page__skip">
        <button type="button" className="button button--quiet" onClick={close}>
          Skip for now
        </button>
        <p className="hint">Without a model, Switchboard can still show its APIs and settings, but cannot carry out requests.</p>
      </div>
    </section>
  );
}

function LocalChoice({ model }: { model: ModelInfo }) {
  const { provider, update, close } = useSwitchboard(
    useShallow((s) => ({ provider: s.providers?.settings.provider, update: s.updateProviders, close: s.closeSetup })),
  );
  const start = async () => {
    if (provider !== 'local' && !(await update({ provider: 'local', local: { chatModel: model.id } }))) return;
    close();
  };
  return (
    <section className="settings-group" aria-labelledby="setup-local-title">
      <h2 id="setup-local-title" className="section-title">
        Download the recommended model
      </h2>
      <p>
        It runs on this computer, so nothing you ask leaves it. The download is {formatBytes(model.size, model.sizeApprox)}; it needs about{' '}
        {formatBytes(memoryNeeded(model.size), false)} of free memory while it answers. You can cancel and resume later.
      </p>
      <ul className="pack-list" aria-label="Recommended model">
        <ModelFileRow file={model} />
      </ul>
      {model.installed && (
        <button type="button" className="button button--primary" onClick={() => void start()}>
          Start using {model.label.split(' (')[0]}
        </button>
      )}
    </section>
  );
}

function EndpointChoice() {
  const { provider, test, update, close } = useSwitchboard(
    useShallow((s) => ({ provider: s.providers?.settings.provider, test: s.providerTest.result, update: s.updateProviders, close: s.closeSetup })),
  );
  return (
    <section className="settings-group" aria-labelledby="setup-endpoint-title">
      <h2 id="setup-endpoint-title" className="section-title">
        Or connect a model service
      </h2>
      <p>
        OpenAI, Azure OpenAI, or a model server on your network or computer (Ollama, LM Studio, vLLM, llama.cpp): choose the service, paste its key if it needs
        one, and test the connection.
      </p>
      {provider === 'openai' ? (
        <>
          <EndpointSettings />
          <ConnectionTest />
          {test?.ok && (
            <button type="button" className="button button--primary" onClick={close}>
              Start using this service
            </button>
          )}
        </>
      ) : (
        <button type="button" className="button" onClick={() => void update({ provider: 'openai' })}>
          Connect a service
        </button>
      )}
    </section>
  );
}
