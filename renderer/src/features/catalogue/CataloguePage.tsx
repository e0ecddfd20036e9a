import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApiSummary } from '../../../../electron/shared/platform';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useSwitchboard } from '../../stores';
import { ApiDocumentView } from './ApiDocumentView';
import { matchApis } from './match-apis';

/** The API catalogue: search the registry, read each API's document, declaration and usage figures. */
export function CataloguePage() {
  const { apis, error, selected, select, reload } = useSwitchboard(
    useShallow((s) => ({ apis: s.apis, error: s.apisError, selected: s.selectedApi, select: s.selectApi, reload: s.loadApis })),
  );
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const results = useMemo(() => matchApis(apis ?? [], deferred), [apis, deferred]);
  const searchId = useId();

  return (
    <section className="page catalogue-page" aria-labelledby="catalogue-title">
      <PageHeader id="catalogue-title" title="APIs" status={apis === null ? '' : `${results.length} of ${apis.length} APIs`} />
      {error && <ErrorBanner title="APIs not loaded." error={error} onDismiss={() => void reload()} />}
      <div className="catalogue">
        <div className="catalogue__list">
          <label htmlFor={searchId} className="composer__label">
            Search APIs
          </label>
          <input
            id={searchId}
            type="search"
            className="text-input"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="name, module or words from the description"
          />
          {apis === null ? <p>Loading APIs…</p> : <ApiList apis={results} selected={selected?.name ?? null} onSelect={(name) => void select(name)} />}
        </div>
        <div className="catalogue__detail">{selected ? <ApiDocumentView /> : <p className="hint">Choose an API to read its document.</p>}</div>
      </div>
    </section>
  );
}

function ApiList({ apis, selected, onSelect }: { apis: ApiSummary[]; selected: string | null; onSelect: (name: string) => void }) {
  if (apis.length === 0) return <p className="hint">No API matches.</p>;
  return (
    <ul className="api-list" aria-label="Matching APIs">
      {apis.map((api) => (
        <li key={api.name}>
          <button
            type="button"
            className="list-button api-list__item"
            aria-current={selected === api.name ? 'true' : undefined}
            onClick={() => onSelect(api.name)}
          >
            <span className="api-list__name">{api.name}</span>
            <span className={`effect effect--${api.effects}`}>{api.effects}</span>
            <span className="api-list__summary">{api.summary}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
