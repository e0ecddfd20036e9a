import { useEffect, useRef } from 'react';
import type { TurnView } from '../../stores';

/**
 * The program growing as the model writes it (turn.progress). Its text is outside any live region
 * (aria-live off inside the conversation log); the turn's status line announces the coarse progress.
 */
export function ProgramDraft({ draft }: { draft: NonNullable<TurnView['writing']> }) {
  const preRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const pre = preRef.current;
    // Follow the newest line, as a terminal does.
    if (pre) pre.scrollTop = pre.scrollHeight;
  }, [draft.program]);
  return (
    <div className="program-draft" aria-live="off">
      <p className="hint program-draft__figures">
        {draft.chars.toLocaleString()} characters · about {draft.tokens.toLocaleString()} tokens
      </p>
      <pre ref={preRef} className="code-block program-code" tabIndex={0} aria-label="Program being written" aria-busy="true">
        <code>{draft.program}</code>
      </pre>
    </div>
  );
}
