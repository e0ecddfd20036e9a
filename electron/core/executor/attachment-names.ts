import { basename } from 'node:path';
import { AppError, isAppError } from '../../shared/result';
import { errorMessage } from '../../shared/errors';

/** An attached file: where it really lies and the name the person sees (the name they attached). */
export interface NamedFile {
  path: string;
  name: string;
}

/**
 * Writes each attachment's real path in `message` as the attachment the person knows ("report.docx"
 * (attached)), so errors never show the data folder's layout or another machine path. Longest paths first,
 * so a path is never replaced inside a longer one.
 */
export function withAttachmentNames(message: string, files: Iterable<NamedFile>): string {
  let text = message;
  for (const file of [...files].sort((a, b) => b.path.length - a.path.length)) {
    if (file.path !== '' && text.includes(file.path)) text = text.split(file.path).join(`"${file.name}" (attached)`);
  }
  return text;
}

/** The same error (code kept) with the attachments named as the person sees them. */
export function attachmentError(error: unknown, files: Iterable<NamedFile>): Error {
  const message = withAttachmentNames(errorMessage(error), files);
  return isAppError(error) ? new AppError(error.code, message) : new AppError('INVALID_INPUT', message);
}

/** A file's name as the person sees it when nothing better is known: its last path component. */
export function namedFile(path: string, real = path): NamedFile {
  return { path: real, name: basename(path) };
}
