import type { ContentPart, ModelProvider } from '../model/provider';
import { estimateTokens } from '../platform/declarations';
import { imagePart, isImage, summarizeAttachment, type AttachmentReader } from './attachments';
import { PROMPT_BUDGETS, type AttachmentSummary, type Turn } from './planner-prompts';
import { fitText, type CountTokens } from './prompt-fit';
import { looseMatches, renderWorkspace, scanWorkspace, type WorkspaceScan } from './workspace-view';

/**
 * The context stage: the message's attachments (summaries; images stay images), the recent history, and
 * the granted folders' view with the readers' summaries of the files the request names loosely. No model call.
 */

/** Token budgets of the workspace part: the folder view and the summaries of the files named. */
export const WORKSPACE_BUDGETS = { view: 400, files: 380 } as const;

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
}

export async function gatherContext(input: ContextInput, provider: ModelProvider, reader: AttachmentReader | undefined, count: CountTokens = estimateTokens): Promise<TurnContext> {
  const { signal } = input;
  const notes: string[] = [];
  const images: ContentPart[] = [];
  const attachments: AttachmentSummary[] = [];
  for (const file of input.attachments) {
    signal?.throwIfAborted();
    if (isImage(file)) {
      if (!provider.capabilities.vision) {
        notes.push(`Note: the model in use cannot see images, so ${file.split(/[\\/]/).pop()} was passed to the program by handle only. Choose a vision-capable model in Settings → Models to use its content.`);
      } else {
        const part = await imagePart(file);
        if (part) images.push(part);
        else notes.push(`Note: ${file} is too large to show to the model.`);
      }
    }
    attachments.push(await summarizeAttachment(file, reader, signal));
  }
  const history = await trimHistory(input.history, provider);
  const scan = await scanWorkspace(input.roots, signal);
  const view = renderWorkspace(scan, WORKSPACE_BUDGETS.view, count);
  const summaries = new Map<string, Promise<string>>();
  const summaryOf = (path: string, abs: string): Promise<string> => {
    let found = summaries.get(path);
    if (!found) {
      found = summarizeAttachment(abs, reader, signal).then((s) => s.summary, (error: unknown) => `It could not be read: ${error instanceof Error ? error.message : String(error)}`);
      summaries.set(path, found);
    }
    return found;
  };
  const workspaceFor = async (text: string): Promise<string> => {
    const named = looseMatches(text, scan);
    if (named.length === 0) return view;
    const each = Math.floor(WORKSPACE_BUDGETS.files / named.length);
    const lines = await Promise.all(named.map(async (f) => `- ${f.path}: ${fitText(await summaryOf(f.path, `${f.root}/${f.rel}`), each, count, () => undefined)}`));
    return `${view}\n\nThe files the request seems to mean, as the document readers summarise them:\n${lines.join('\n')}`;
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
