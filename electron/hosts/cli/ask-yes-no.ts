import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Standard input as a command sees it; `isTTY` tells a person at a terminal from a script. */
export type CliInput = Readable & { isTTY?: boolean };

/**
 * Asks a yes/no question on a terminal; only `y` or `yes` (any case) is yes, and an empty answer, end of
 * input or Ctrl-C is no.
 */
export async function askYesNo(question: string, input: CliInput, echo: (text: string) => void): Promise<boolean> {
  echo(question);
  const lines = createInterface({ input, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
