import type { Readable } from 'node:stream';

/**
 * Reads a secret (an API key): from a terminal with a prompt and no echo, else the whole of stdin
 * (`pass show openai | switchboard providers key set openai`). Never from an argument, so it stays out
 * of shell history and process lists. Resolves to the trimmed text.
 */
export async function readSecret(
  prompt: string,
  input: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void } = process.stdin,
  echo: (text: string) => void = (t) => void process.stderr.write(t),
): Promise<string> {
  if (!input.isTTY || !input.setRawMode) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8').trim();
  }
  echo(prompt);
  const setRaw = input.setRawMode.bind(input);
  setRaw(true);
  input.resume();
  input.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (data: string): void => {
        for (const ch of data) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            input.off('data', onData);
            return resolve(typed.trim());
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            return reject(new Error('cancelled'));
          }
          typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
        }
      };
      input.on('data', onData);
    });
  } finally {
    setRaw(false);
    input.pause();
    echo('\n');
  }
}
