/**
 * Splits a byte stream into lines, never holding more than `maxLineBytes` of one line: readline keeps
 * the whole unterminated line in one string, so a pack printing megabytes with no newline grew the
 * core's memory until `RangeError: Invalid string length`. Past the bound, `onOverflow` is called once
 * and the rest of the stream is dropped.
 */
export function boundedLines(stream: NodeJS.ReadableStream, maxLineBytes: number, onLine: (line: string) => void, onOverflow: (bytes: number) => void): void {
  let parts: Buffer[] = [];
  let held = 0;
  let overflowed = false;
  stream.on('data', (chunk: Buffer | string) => {
    if (overflowed) return;
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
      if (held + newline > maxLineBytes) break;
      parts.push(data.subarray(0, newline));
      onLine(Buffer.concat(parts).toString('utf8').replace(/\r$/, ''));
      parts = [];
      held = 0;
      data = data.subarray(newline + 1);
    }
    if (held + data.length > maxLineBytes) {
      overflowed = true;
      parts = [];
      onOverflow(held + data.length);
      return;
    }
    if (data.length > 0) {
      parts.push(Buffer.from(data));
      held += data.length;
    }
  });
  stream.on('end', () => {
    if (!overflowed && held > 0) onLine(Buffer.concat(parts).toString('utf8'));
  });
}
