import { useId, useRef, type ChangeEvent } from 'react';
import { useSwitchboard } from '../../stores';

/**
 * A labelled button that opens the system file dialog (a real file input behind it), so attaching works by
 * keyboard and with a screen reader in Electron and the browser host alike. Files take the same path as a drop.
 */
export function AttachButton({ disabled }: { disabled: boolean }) {
  const attach = useSwitchboard((s) => s.attachFiles);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    // Cleared so choosing the same file again still fires a change.
    event.target.value = '';
    if (files.length > 0) void attach(files);
  };
  return (
    <>
      <input ref={input} id={id} type="file" multiple hidden aria-label="Files to attach" onChange={onChange} />
      <button type="button" className="button" disabled={disabled} onClick={() => input.current?.click()} aria-describedby="composer-hint">
        Attach files…
      </button>
    </>
  );
}
