import type { ContentPart, ModelProvider } from '../model/provider';
import { estimateTokens } from '../platform/declarations';
import { imagePart, isImage, summarizeAttachment, type AttachmentReader } from './attachments';
import { PROMPT_BUDGETS, type AttachmentSummary, type Turn } from './planner-prompts';
import type { ImageTextReader } from './image-text';
import { fitText, type CountTokens } from './prompt-fit';
import { looseMatches, renderWorkspace, scanWorkspace, type WorkspaceFile, type WorkspaceScan } from './workspace-view';
import { errorMessage } from '../../shared/errors';
import { basename } from 'node:path';
import { attachmentError, namedFile } from '../executor/attachment-names';

/**
 * The context stage: the message's attachments (summaries; images stay images), the recent history, and
 * the granted folders' view with the readers' summaries of the files the request names loosely. No model call.
 */

/** Token budgets of the workspace part: the folder view and the contents of the files named. */
export const WORKSPACE_BUDGETS = { view: 400, files: 1000 } as const;

/** Images whose text one turn reads (OCR) for the prompts; each has IMAGE_TEXT.timeoutMs. */
export const MAX_IMAGES_READ = 4;

export interface TurnContext {
  history: Turn[];
  images: ContentPart[];
  attachments: AttachmentSummary[];
  /** Notes for the answer (an image the model could not see). */
  notes: string[];
  scan: WorkspaceScan;
  view: string;
  /** The workspace text for a prompt: the view and the summaries of the files `text` names. */
  workspaceFor(text: string): Promise<string>;
}

export interface ContextInput {
  history: readonly Turn[];
  attachments: readonly string[];
  roots: readonly string[];
  signal?: AbortSignal;
  /** Reads the text of images the turn names (OCR), so the program is written knowing it. */
  imageText?: ImageTextReader;
}

export async function gatherContext(
  input: ContextInput,
  provider: ModelProvider,
  reader: AttachmentReader | undefined,
  count: CountTokens = estimateTokens,
): Promise<TurnContext> {
  const { signal } = input;
  const notes: string[] = [];
  const images: ContentPart[] = [];
  const ocr = turnImageText(input.imageText, signal);
  const attachments: AttachmentSummary[] = [];
  for (const file of input.attachments) {
    signal?.throwIfAborted();
    try {
      attachments.push(await attachmentContext(file, provider, reader, ocr, notes, images, signal));
    } catch (error) {
      // The person attached "report.docx"; the error must not show where the data folder keeps it.
      throw signal?.aborted ? error : attachmentError(error, [namedFile(file)]);
    }
  }
  const history = await trimHistory(input.history, provider);
  const scan = await scanWorkspace(input.roots, signal);
  const view = renderWorkspace(scan, WORKSPACE_BUDGETS.view, count);
  const summaries = new Map<string, Promise<string>>();
  const summaryOf = (file: WorkspaceFile): Promise<string> => {
    let found = summaries.get(file.path);
    if (!found) {
      const abs = `${file.root}/${file.rel}`;
      found = summarizeAttachment(abs, reader, signal).then(
        async (s) => (isImage(abs) ? `${s.summary} ${await ocr.textOf(abs)}` : s.summary),
        (error: unknown) => `It could not be read: ${errorMessage(error)}`,
      );
      summaries.set(file.path, found);
    }
    return found;
  };
  const workspaceFor = async (text: string): Promise<string> => {
    const named = looseMatches(text, scan);
    if (named.length === 0) return view;
    const texts = await Promise.all(named.map((f) => summaryOf(f)));
    const lines = shareBudget(texts, WORKSPACE_BUDGETS.files, count).map((t, i) => `- ${named[i]!.path}: ${t}`);
    return `${view}\n\nThe files the request seems to mean, with their contents as the readers see them (images: the text OCR reads, which may hold misreadings):\n${lines.join('\n')}`;
  };
  return { history, images, attachments, notes, scan, view, workspaceFor };
}

/** The most recent turns within the history budget, counted with the model's tokenizer when it has one. */
async function trimHistory(history: readonly Turn[], provider: ModelProvider): Promise<Turn[]> {
  const budget = PROMPT_BUDGETS.outline.history;
  const kept: Turn[] = [];
  let used = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const turn = history[i]!;
    const n = (provider.capabilities.tokenizer ? await provider.countTokens(turn.text) : estimateTokens(turn.text)) + 4;
    if (used + n > budget) break;
    kept.unshift(turn);
    used += n;
  }
  return kept;
}

/** Fits each text to a share of `budget`: short texts are kept whole and leave their unused share to the others. */
export function shareBudget(texts: readonly string[], budget: number, count: CountTokens): string[] {
  const order = texts.map((t, i) => ({ i, n: count(t) })).sort((a, b) => a.n - b.n);
  const out = [...texts];
  let left = budget;
  for (const [k, { i, n }] of order.entries()) {
    const share = Math.floor(left / (order.length - k));
    if (n > share) out[i] = fitText(texts[i]!, share, count, () => undefined);
    left -= Math.min(n, share);
  }
  return out;
}

/** One turn's OCR: at most MAX_IMAGES_READ images, each read once; skipped ones say why. */
/** One attachment's summary for the prompts; an image goes to `images` when the model can see it. */
async function attachmentContext(
  file: string,
  provider: ModelProvider,
  reader: AttachmentReader | undefined,
  ocr: { textOf(path: string): Promise<string> },
  notes: string[],
  images: ContentPart[],
  signal: AbortSignal | undefined,
): Promise<AttachmentSummary> {
  if (isImage(file)) {
    if (!provider.capabilities.vision) {
      notes.push(
        `Note: the model in use cannot see images, so ${basename(file)} was passed to the program by handle only. Choose a vision-capable model in Settings → Models to use its content.`,
      );
    } else {
      const part = await imagePart(file);
      if (part) images.push(part);
      else notes.push(`Note: ${basename(file)} is too large to show to the model.`);
    }
  }
  const summary = await summarizeAttachment(file, reader, signal);
  // A model that cannot see the image still gets its text.
  if (isImage(file) && !provider.capabilities.vision) summary.summary += ` ${await ocr.textOf(file)}`;
  return summary;
}

function turnImageText(reader: ImageTextReader | undefined, signal: AbortSignal | undefined): { textOf(path: string): Promise<string> } {
  const read = new Map<string, Promise<string>>();
  return {
    textOf(path) {
      const known = read.get(path);
      if (known) return known;
      if (!reader) return Promise.resolve('(text not read: no OCR API is installed; a program can read it with an image API)');
      if (read.size >= MAX_IMAGES_READ)
        return Promise.resolve(`(text not read: at most ${MAX_IMAGES_READ} images are read before the program; the program can read it with image.readText)`);
      const text = reader(path, signal).then((r) =>
        r.ok
          ? r.text.trim()
            ? `Text read by OCR (confidence ${Math.round(r.confidence)}): ${r.text.trim()}`
            : 'OCR found no text in it.'
          : `(text not read: ${r.reason})`,
      );
      read.set(path, text);
      return text;
    },
  };
}
