import type { StagedEntry } from '../../../apis/sdk';
import { ApiError } from '../../../apis/sdk';
import { previewDocx, type DocxPreview } from './docx-preview';
import { previewXlsx, type GridOptions, type XlsxPreview } from './xlsx-preview';

export type ArtifactPreview = DocxPreview | XlsxPreview;

/** The preview of a staged artifact, from the staged bytes (exactly what Apply will write). */
export async function previewStaged(entry: StagedEntry, grid?: Partial<GridOptions>): Promise<ArtifactPreview> {
  if (entry.action !== 'write' || !entry.stagedPath)
    throw new ApiError('INVALID_ARGUMENTS', `${entry.target} is staged for deletion; there is nothing to preview`);
  if (entry.kind === 'docx') return previewDocx(entry.stagedPath);
  if (entry.kind === 'xlsx') return previewXlsx(entry.stagedPath, grid);
  throw new ApiError('INVALID_ARGUMENTS', `no ${entry.kind} preview here (docx and xlsx are previewed in core)`);
}
