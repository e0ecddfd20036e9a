import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useSwitchboard, type UsageFigures } from '../../stores';

type Schema = {
  type?: unknown;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
};

/** One API's document as TaskMatrix describes it: parameters, description, examples, composition; plus usage. */
export function ApiDocumentView() {
  const { selected, select } = useSwitchboard(useShallow((s) => ({ selected: s.selectedApi, select: s.selectApi })));
  if (!selected) return null;
  if (selected.error) return <ErrorBanner title={`${selected.name} not loaded.`} error={selected.error} onDismiss={() => void select(null)} />;
  if (!selected.detail) return <p role="status">Loading {selected.name}…</p>;
  const { document: doc, declaration, tokens } = selected.detail;
  const parameters = doc.parameters as Schema;
  const required = new Set(parameters.required ?? []);
  return (
    <article className="api-doc" aria-labelledby="api-doc-title">
      <h2 id="api-doc-title" className="api-doc__title">
        {doc.name}
      </h2>
      <p className="api-doc__meta">
        <span className={`effect effect--${doc.effects}`}>{doc.effects}</span> {doc.pack} {doc.version}
        {doc.effects === 'external' || doc.effects === 'destructive' ? ' · asks for approval before it runs' : ''}
      </p>
      <p className="api-doc__description">{doc.description}</p>

      <h3 className="subsection-title">Parameters</h3>
      {Object.keys(parameters.properties ?? {}).length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <table className="param-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Default</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(parameters.properties ?? {}).map(([name, schema]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{typeLabel(schema)}</td>
                <td>{required.has(name) ? 'yes' : 'no'}</td>
                <td>{schema.default === undefined ? '' : <code>{JSON.stringify(schema.default)}</code>}</td>
                <td>{schema.description ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        Returns: <code>{typeLabel(doc.returns as Schema)}</code>
      </p>

      {doc.examples.length > 0 && (
        <>
          <h3 className="subsection-title">Examples</h3>
          {doc.examples.map((example, i) => (
            <pre key={i} className="code-block" tabIndex={0} aria-label={`Example ${i + 1}`}>
              <code>{example}</code>
            </pre>
          ))}
        </>
      )}
      {doc.composition && (
        <>
          <h3 className="subsection-title">Composition</h3>
          <p>{doc.composition}</p>
        </>
      )}

      <h3 className="subsection-title">Usage</h3>
      <Usage usage={selected.usage} />

      <details className="api-doc__declaration">
        <summary>
          Declaration the model sees (about {tokens.full} tokens; compact {tokens.compact})
        </summary>
        <pre className="code-block" tabIndex={0} aria-label="Declaration">
          <code>{declaration}</code>
        </pre>
      </details>
    </article>
  );
}

function Usage({ usage }: { usage: UsageFigures | null | undefined }) {
  if (usage === undefined) return <p role="status">Loading usage…</p>;
  if (usage === null) return <p className="hint">Not used yet.</p>;
  const failures = Object.entries(usage.failuresByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return (
    <dl className="usage-figures">
      <dt>Calls</dt>
      <dd>{usage.calls}</dd>
      <dt>Failures</dt>
      <dd>
        {usage.failures}
        {failures ? ` (${failures})` : ''}
      </dd>
      <dt>Latency p50 / p95</dt>
      <dd>
        {usage.p50Ms} ms / {usage.p95Ms} ms
      </dd>
      <dt>Runs applied / discarded</dt>
      <dd>
        {usage.applied} / {usage.discarded}
      </dd>
      <dt>Thumbs up / down</dt>
      <dd>
        {usage.thumbsUp} / {usage.thumbsDown}
      </dd>
    </dl>
  );
}

/** A short type label from a JSON Schema: `string`, `number[]`, `"a" | "b"`, `object`. */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return 'unknown';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') return `${typeLabel(schema.items)}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (typeof schema.type === 'string') return schema.type;
  return 'any';
}
