import { z } from 'zod';

export const pathParam = z
  .string()
  .min(1)
  .max(4096)
  .describe('the .pptx file: a path relative to the first granted folder, or absolute inside a granted folder');

export const ERRORS_READ =
  'Errors: NOT_FOUND (no such file), PERMISSION_DENIED (outside the granted folders), INVALID_FILE (not a .pptx, damaged, password-protected), TOO_LARGE (over the size limits).';
export const ERRORS_EDIT = `${ERRORS_READ} INVALID_ARGUMENTS for slide numbers that do not exist. Nothing is staged when it fails.`;
export const EDIT_COMPOSITION =
  'Edits compose: each call reads the version this program already staged for the same path, so call several edits in a row on one path; the real file changes only when the person presses Apply. Slide numbers count from 1 in show order and change after deleteSlides, insertSlide, duplicateSlide, reorderSlides: call readDeck again when unsure.';
