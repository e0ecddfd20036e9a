import { useState } from 'react';
import { useSwitchboard } from '../stores';

/**
 * Thumbs up or down, recorded for the APIs that served a request (they rise or fall for similar requests).
 * `subject` names what is rated in the group's label: "this reply", or an applied file's name.
 */
export function Thumbs({ request, apis, subject }: { request: string; apis: string[]; subject?: string }) {
  const rate = useSwitchboard((s) => s.rateTurn);
  const [given, setGiven] = useState<'up' | 'down' | null>(null);
  const send = async (up: boolean) => {
    if (await rate(request, apis, up)) setGiven(up ? 'up' : 'down');
  };
  return (
    <div className="thumbs" role="group" aria-label={subject ? `Was ${subject} what you wanted?` : 'Was this helpful?'}>
      <button type="button" className="button button--quiet" aria-pressed={given === 'up'} disabled={given !== null} onClick={() => void send(true)}>
        👍 {subject ? 'Good' : 'Helpful'}
      </button>
      <button type="button" className="button button--quiet" aria-pressed={given === 'down'} disabled={given !== null} onClick={() => void send(false)}>
        👎 {subject ? 'Not right' : 'Not helpful'}
      </button>
      {given && <span role="status">Thanks: noted for {apis.length === 1 ? apis[0] : `${apis.length} APIs`}.</span>}
    </div>
  );
}
