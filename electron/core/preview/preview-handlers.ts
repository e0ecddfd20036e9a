import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type StagedEntry } from '../../../apis/sdk';
import type { Handlers } from '../../shared/contract';
import type { ArtifactPreviewView } from '../../shared/preview';
import { AppError } from '../../shared/result';
import type { Executor } from '../executor';
import { PreviewError, previewPptx } from './pptx-preview';
import { previewStaged } from './preview-artifact';

/** Slide images sent at most per preview (the contract's message limit is 8 MiB). */
const SLIDE_BYTES_BUDGET = 6 * 1024 * 1024;

/** run.preview: the staged artifact's preview, and whether Apply would overwrite an existing file. */
export function previewHandlers(executor: Executor): Pick<Handlers, 'run.preview'> {
  return {
    'run.preview': async ({ runId, target }) => {
      const entries = await executor.stagedEntries(runId);
      const entry = entries.find((e) => e.target === target);
      if (!entry) throw new AppError('NOT_FOUND', `run ${runId} staged nothing for ${target}`);
      const overwrites = await stat(entry.target).then(
        (info) => info.isFile(),
        () => false,
      );
      try {
        return { target, overwrites, preview: await previewEntry(entry) };
      } catch (error) {
        if (error instanceof ApiError || error instanceof PreviewError) {
          throw new AppError(error.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_INPUT', `cannot preview ${target}: ${error.message}`);
        }
        throw error;
      }
    },
  };
}

export async function previewEntry(entry: StagedEntry): Promise<ArtifactPreviewView> {
  if (entry.kind !== 'pptx' || entry.action !== 'write' || !entry.stagedPath) return previewStaged(entry);
  const outDir = await mkdtemp(join(tmpdir(), 'switchboard-preview-'));
  try {
    const deck = await previewPptx(entry.stagedPath, { outDir, pixelWidth: 640, maxSlides: 60 });
    const slides: { number: number; image: string }[] = [];
    let bytes = 0;
    for (const slide of deck.slides) {
      const image = slide.png
        ? `data:image/png;base64,${(await readFile(slide.png)).toString('base64')}`
        : `data:image/svg+xml;base64,${Buffer.from(slide.svg ?? '').toString('base64')}`;
      bytes += image.length;
      if (bytes > SLIDE_BYTES_BUDGET) break;
      slides.push({ number: slide.number, image });
    }
    return {
      kind: 'pptx',
      mode: deck.mode,
      ...(deck.reason ? { reason: deck.reason } : {}),
      width: deck.width,
      height: deck.height,
      slideCount: deck.slideCount,
      slides,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
