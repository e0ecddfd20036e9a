/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Parses a multipart/form-data body (RFC 7578) as the openai client sends it. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) throw new Error(`no boundary in ${contentType}`);
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const afterBoundary = start + boundary.length;
    if (body.subarray(afterBoundary, afterBoundary + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterBoundary);
    const next = body.indexOf(boundary, headerEnd);
    if (headerEnd === -1 || next === -1) break;
    const headers = body.subarray(afterBoundary + 2, headerEnd).toString('utf8');
    const data = body.subarray(headerEnd + 4, next - 2); // strip the CRLF before the next boundary
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
    parts.push({ name, data: Buffer.from(data), ...(filename !== undefined ? { filename } : {}), ...(type !== undefined ? { contentType: type.trim() } : {}) });
    start = next;
  }
  return parts;
}
