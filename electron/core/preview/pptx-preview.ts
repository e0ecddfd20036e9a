import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mb, OOXML_LIMITS } from '../../../apis/sdk/ooxml-package';
import { OoxmlReader, PreviewError } from './ooxml-reader';
import { renderDeckSvg } from './pptx-svg';
import { errorMessage } from '../../shared/errors';

const run = promisify(execFile);

/** One slide of a preview: a PNG file (LibreOffice path) or an SVG document (built-in renderer). */
export interface SlidePreview {
  number: number;
  /** Absolute path of the PNG (mode `png`). */
  png?: string;
  /** The slide as an SVG document (mode `svg`). */
  svg?: string;
}

export interface PptxPreview {
  /** `png`: LibreOffice rendered the slides (exact); `svg`: the built-in renderer of the slide XML (approximate). */
  mode: 'png' | 'svg';
  /** Why the built-in renderer was used, when it was. */
  reason?: string;
  /** Slide size in EMU. */
  width: number;
  height: number;
  slideCount: number;
  slides: SlidePreview[];
}

export interface PptxPreviewOptions {
  /** A folder this preview owns (PNGs and LibreOffice's profile go here). */
  outDir: string;
  signal?: AbortSignal;
  /** The LibreOffice binary; `null` forces the built-in renderer. Default `soffice` on PATH. */
  soffice?: string | null;
  /** pdftoppm binary. Default `pdftoppm` on PATH. */
  pdftoppm?: string;
  /** Width of each PNG in pixels. Default 960. */
  pixelWidth?: number;
  /** Most slides to render. Default 200. */
  maxSlides?: number;
  /** Time limit for LibreOffice. Default 120 s. */
  timeoutMs?: number;
}

/**
 * Previews a STAGED .pptx (the exact bytes Apply will write): one PNG per slide through LibreOffice
 * (PDF, then pdftoppm) when it is installed, else an SVG per slide from the built-in renderer. The file
 * is validated (size, zip, XML, DTD refusal) first either way, so a broken file is a PreviewError.
 */
export async function previewPptx(stagedPath: string, options: PptxPreviewOptions): Promise<PptxPreview> {
  const size = (await stat(stagedPath)).size;
  if (size > OOXML_LIMITS.maxBytes) throw new PreviewError('TOO_LARGE', `the deck is larger than ${mb(OOXML_LIMITS.maxBytes)}`);
  const reader = await OoxmlReader.open(new Uint8Array(await readFile(stagedPath)));
  const maxSlides = options.maxSlides ?? 200;
  const svg = async (reason: string): Promise<PptxPreview> => {
    const deck = await renderDeckSvg(reader, maxSlides);
    return {
      mode: 'svg',
      reason,
      width: deck.width,
      height: deck.height,
      slideCount: deck.slideCount,
      slides: deck.slides.map((s, i) => ({ number: i + 1, svg: s })),
    };
  };
  if (options.soffice === null) return svg('LibreOffice is turned off for previews');
  const soffice = options.soffice ?? 'soffice';
  const pdftoppm = options.pdftoppm ?? 'pdftoppm';
  const missing = await missingTool([soffice, pdftoppm]);
  if (missing) return svg(`${missing} is not installed`);
  try {
    const pngs = await renderWithLibreOffice(stagedPath, { ...options, soffice, pdftoppm, maxSlides });
    const deck = await renderDeckSvg(reader, 0);
    return { mode: 'png', width: deck.width, height: deck.height, slideCount: deck.slideCount, slides: pngs.map((png, i) => ({ number: i + 1, png })) };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return svg(`LibreOffice could not render the deck (${errorMessage(error).split('\n')[0]})`);
  }
}

async function missingTool(tools: readonly string[]): Promise<string | undefined> {
  for (const tool of tools) {
    const found = tool.includes('/')
      ? await stat(tool).then(
          () => true,
          () => false,
        )
      : await run('sh', ['-c', 'command -v "$0"', tool]).then(
          () => true,
          () => false,
        );
    if (!found) return tool;
  }
  return undefined;
}

async function renderWithLibreOffice(file: string, o: PptxPreviewOptions & { soffice: string; pdftoppm: string; maxSlides: number }): Promise<string[]> {
  const pdfDir = join(o.outDir, 'pdf');
  const pngDir = join(o.outDir, 'png');
  await rm(pngDir, { recursive: true, force: true });
  await mkdir(pdfDir, { recursive: true });
  await mkdir(pngDir, { recursive: true });
  // A profile of its own: a LibreOffice already running for the person must not receive this job.
  await run(
    o.soffice,
    [`-env:UserInstallation=file://${join(o.outDir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', pdfDir, file],
    { timeout: o.timeoutMs ?? 120_000, signal: o.signal },
  );
  const pdf = (await readdir(pdfDir)).find((f) => f.endsWith('.pdf'));
  if (!pdf) throw new Error('LibreOffice wrote no PDF');
  await run(
    o.pdftoppm,
    ['-png', '-scale-to-x', String(o.pixelWidth ?? 960), '-scale-to-y', '-1', '-l', String(o.maxSlides), join(pdfDir, pdf), join(pngDir, 'slide')],
    { timeout: o.timeoutMs ?? 120_000, signal: o.signal },
  );
  const pngs = (await readdir(pngDir))
    .filter((f) => f.endsWith('.png'))
    .sort((a, b) => Number(/(\d+)\.png$/.exec(a)?.[1]) - Number(/(\d+)\.png$/.exec(b)?.[1]));
  await rm(pdfDir, { recursive: true, force: true });
  return pngs.map((f) => join(pngDir, f));
}

export { PreviewError };
