import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Artifact } from '../../../../electron/shared/run';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Thumbs } from '../../components/Thumbs';
import { useSwitchboard, type RunView } from '../../stores';
import { ArtifactPreview } from './ArtifactPreview';

const KIND_LABEL: Record<Artifact['kind'], string> = { pptx: 'Slides', xlsx: 'Sheet', docx: 'Document', other: 'File' };

/** What the run staged, each with a preview; Apply or Discard them all; after Apply, Undo and thumbs per file. */
export function ArtifactList({ run, request }: { run: RunView; request?: string }) {
  const { apply, discard, undo } = useSwitchboard(useShallow((s) => ({ apply: s.applyRun, discard: s.discardRun, undo: s.undoRun })));
  const finished = run.status !== 'running';
  const state = run.applyState;
  return (
    <div className="artifacts">
      <h4 className="subsection-title">
        {state === 'applied' ? 'Applied' : state === 'undone' ? 'Undone' : state === 'discarded' ? 'Discarded' : 'Ready to apply'}
      </h4>
      <ul className="artifact-list">
        {run.artifacts.map((artifact) => (
          <ArtifactRow key={artifact.target} run={run} artifact={artifact} request={request} />
        ))}
      </ul>
      {finished && (state === undefined || state === 'applying' || state === 'discarding') && run.status === 'completed' && (
        <div className="artifacts__actions">
          <button type="button" className="button button--primary" disabled={state !== undefined} onClick={() => void apply(run.runId)}>
            {state === 'applying' ? 'Applying…' : `Apply ${run.artifacts.length} file${run.artifacts.length === 1 ? '' : 's'}`}
          </button>
          <button type="button" className="button" disabled={state !== undefined} onClick={() => void discard(run.runId)}>
            Discard
          </button>
        </div>
      )}
      {(state === 'applied' || state === 'undoing') && (
        <div className="artifacts__actions">
          <button type="button" className="button" disabled={state === 'undoing'} onClick={() => void undo(run.runId)}>
            {state === 'undoing' ? 'Undoing…' : 'Undo'}
          </button>
        </div>
      )}
      {state === 'undone' && run.files && <p role="status">Restored: {run.files.map((f) => f.target).join(', ')}</p>}
      {state === 'applied' && run.files && <p role="status">Written: {run.files.map((f) => f.target).join(', ')}</p>}
      {run.actionError && <ErrorBanner title="Not applied." error={run.actionError} />}
    </div>
  );
}

function ArtifactRow({ run, artifact, request }: { run: RunView; artifact: Artifact; request?: string }) {
  const load = useSwitchboard((s) => s.loadPreview);
  const [open, setOpen] = useState(false);
  const view = run.previews[artifact.target];
  const canPreview = artifact.action === 'write' && artifact.kind !== 'other' && run.status === 'completed' && run.applyState === undefined;
  const name = artifact.target.split(/[\\/]/).pop() ?? artifact.target;
  const apis = artifactApis(run, artifact.target);
  return (
    <li className="artifact">
      <div className="artifact__row">
        <span className="artifact__kind">{artifact.action === 'delete' ? 'Delete' : KIND_LABEL[artifact.kind]}</span>
        <span className="artifact__target" title={artifact.target}>
          {artifact.target}
        </span>
        {view?.overwrites && <span className="artifact__note">replaces an existing file</span>}
        {canPreview && (
          <button
            type="button"
            className="button button--quiet"
            aria-expanded={open}
            onClick={() => {
              setOpen(!open);
              if (!open) void load(run.runId, artifact.target);
            }}
          >
            {open ? `Hide preview of ${name}` : `Preview ${name}`}
          </button>
        )}
      </div>
      {request && run.applyState === 'applied' && artifact.action === 'write' && apis.length > 0 && <Thumbs request={request} apis={apis} subject={name} />}
      {open &&
        canPreview &&
        (view?.loading || !view ? (
          <p role="status">Preparing the preview…</p>
        ) : view.error ? (
          <ErrorBanner title="No preview." error={view.error} />
        ) : view.preview ? (
          <ArtifactPreview name={name} preview={view.preview} />
        ) : null)}
    </li>
  );
}

/** The APIs that staged a file; a record without that link (an older run) falls back to every API the run called. */
function artifactApis(run: RunView, target: string): string[] {
  const apis = run.artifactApis[target];
  return apis && apis.length > 0 ? apis : [...new Set(run.calls.map((c) => c.api))];
}
