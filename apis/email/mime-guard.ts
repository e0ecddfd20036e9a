import { ApiError } from '../sdk';

/** Limits every message read or written by the pack is held to (a MIME bomb stops here, before parsing). */
export const LIMITS = {
  /** Largest .eml file read (25 MB of attachments in base64 is about 34 MB). */
  messageBytes: 40 * 1024 * 1024,
  /** Largest header block of the message or of one part. */
  headerBytes: 256 * 1024,
  /** Deepest nesting of multiparts and attached messages. */
  depth: 20,
  /** Most MIME parts in one message. */
  parts: 1000,
  /** Largest total of attachments composed into one message. */
  attachmentBytes: 25 * 1024 * 1024,
} as const;

const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}\s*$/;
const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'base64', 'quoted-printable']);

/** The frame of an attached message: no boundary line can match it. */
const ATTACHED = '\n';

interface Frame {
  boundary: string;
}

/** A header value, unfolded, from a raw header block. */
function headerValue(block: string, name: string): string | undefined {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return m?.[1]?.trim();
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Walks a raw message's MIME structure without decoding it and refuses what would make a parser blow up
 * or lie: too large, header blocks too long, nesting too deep, too many parts, broken base64 bodies,
 * unknown transfer encodings. Raises ApiError (TOO_LARGE or INVALID_FILE) naming `label`.
 */
export function guardMessage(raw: Buffer, label: string): void {
  if (raw.length > LIMITS.messageBytes) throw new ApiError('TOO_LARGE', `${label} is ${mb(raw.length)}; messages over ${mb(LIMITS.messageBytes)} are refused`);
  if (raw.length === 0) throw new ApiError('INVALID_FILE', `${label} is empty, not an email message`);
  const text = raw.toString('latin1');
  const stack: Frame[] = [];
  let pos = 0;
  let parts = 1;
  let first = true;
  // Each iteration reads one header block at `pos`, then skips its body up to the next boundary line.
  while (pos < text.length) {
    const end = headerEnd(text, pos);
    const blockEnd = end < 0 ? text.length : end;
    if (blockEnd - pos > LIMITS.headerBytes)
      throw new ApiError('TOO_LARGE', `${label}: a header block is ${mb(blockEnd - pos)}; header blocks over ${LIMITS.headerBytes / 1024} KB are refused`);
    const block = text.slice(pos, blockEnd);
    if (first && !/^[!-9;-~]+:/m.test(block)) throw new ApiError('INVALID_FILE', `${label} has no header lines; it is not an email message`);
    first = false;
    const type = (headerValue(block, 'content-type') ?? 'text/plain').toLowerCase();
    const encoding = (headerValue(block, 'content-transfer-encoding') ?? '7bit').toLowerCase().trim();
    if (!KNOWN_ENCODINGS.has(encoding)) throw new ApiError('INVALID_FILE', `${label}: unknown Content-Transfer-Encoding "${encoding}"`);
    pos = end < 0 ? text.length : end;
    if (type.startsWith('multipart/')) {
      const boundary = param(headerValue(block, 'content-type') ?? '', 'boundary');
      if (!boundary) throw new ApiError('INVALID_FILE', `${label}: a multipart part has no boundary`);
      stack.push({ boundary });
      if (stack.length > LIMITS.depth) throw new ApiError('INVALID_FILE', `${label}: MIME parts nest more than ${LIMITS.depth} deep`);
    } else if (type.startsWith('message/rfc822') && !['base64', 'quoted-printable'].includes(encoding)) {
      // The body is itself a message (its header block comes next); it ends with the enclosing part.
      stack.push({ boundary: ATTACHED });
      if (stack.length > LIMITS.depth) throw new ApiError('INVALID_FILE', `${label}: attached messages nest more than ${LIMITS.depth} deep`);
      continue;
    }
    const next = skipBody(text, pos, stack, encoding, label);
    if (next < 0) return;
    pos = next;
    if (++parts > LIMITS.parts) throw new ApiError('TOO_LARGE', `${label} has more than ${LIMITS.parts} MIME parts`);
  }
}

/** Index just past the blank line ending the header block at `pos`, or -1 when the block runs to the end. */
function headerEnd(text: string, pos: number): number {
  const m = /\r?\n\r?\n/g;
  m.lastIndex = pos;
  if (text.startsWith('\r\n', pos)) return pos + 2;
  if (text.startsWith('\n', pos)) return pos + 1;
  const hit = m.exec(text);
  return hit ? hit.index + hit[0].length : -1;
}

/** Skips a leaf body to just past the next opening boundary line (closing ones pop frames); -1 at the end. */
function skipBody(text: string, pos: number, stack: Frame[], encoding: string, label: string): number {
  let line = pos;
  while (line < text.length) {
    const nl = text.indexOf('\n', line);
    const lineEnd = nl < 0 ? text.length : nl;
    const content = text.slice(line, lineEnd).replace(/\r$/, '');
    line = nl < 0 ? text.length : nl + 1;
    if (content.startsWith('--') && stack.length > 0) {
      const index = findFrame(stack, content);
      if (index >= 0) {
        const closing = content.trimEnd() === `--${stack[index]!.boundary}--`;
        stack.length = closing ? index : index + 1;
        if (!closing) return line;
        encoding = 'epilogue';
        continue;
      }
    }
    if (encoding === 'base64' && !BASE64_LINE.test(content))
      throw new ApiError('INVALID_FILE', `${label}: a base64 part holds characters base64 does not use (the encoding is broken)`);
  }
  return -1;
}

function findFrame(stack: Frame[], line: string): number {
  const trimmed = line.trimEnd();
  for (let i = stack.length - 1; i >= 0; i--) {
    const b = `--${stack[i]!.boundary}`;
    if (trimmed === b || trimmed === `${b}--`) return i;
  }
  return -1;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
