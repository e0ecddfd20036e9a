import type { ApiDocument } from '../../../apis/sdk';

/**
 * Text a pack supplies (its description, its APIs' descriptions) that reads like instructions to the
 * assistant rather than a description of what the pack does: the usual prompt-injection phrasings.
 * Flagged at install (shown with the pack's permissions) and kept out of the model's prompts.
 */
const SIGNS: { pattern: RegExp; reads: string }[] = [
  {
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(previous|prior|above|earlier|preceding|all|any|other|your|system|safety)\b[^.\n]{0,30}\b(instructions?|prompts?|rules|directions|guidelines|messages|context)\b/i,
    reads: 'tells the assistant to ignore its instructions',
  },
  { pattern: /\b(system|developer)[ _-](prompt|message|instructions?)\b/i, reads: 'speaks of the assistant’s system prompt' },
  { pattern: /<\|[a-z_]+\|>|\[\/?(INST|SYS)\]|<<\/?SYS>>|<\/?(system|assistant|user|instructions?)>/i, reads: 'holds chat-format markers' },
  {
    pattern: /^[ \t]*(?:\/\/|#|\*|>)*[ \t]*(system|assistant|user|developer)[ \t]*:|#{1,6}[ \t]*(system|assistant|developer)\b/im,
    reads: 'starts a line as a chat role',
  },
  {
    pattern: /\b(you are now\b|from now on,? you\b|new instructions?\s*:|act as (an?|the) (unrestricted|jailbroken|different)\b)/i,
    reads: 'gives the assistant new instructions',
  },
  {
    pattern: /\b(do not|don't|never)\s+(tell|inform|show|mention|reveal|alert|warn|ask)\b[^.\n]{0,30}\b(the )?(user|person|human|owner)\b/i,
    reads: 'asks the assistant to keep something from the person',
  },
];

const MAX_EXCERPT = 80;

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 10);
  const piece = text
    .slice(start, Math.min(text.length, index + Math.max(length, 20) + 10))
    .replace(/\s+/g, ' ')
    .trim();
  return piece.length > MAX_EXCERPT ? `${piece.slice(0, MAX_EXCERPT)}…` : piece;
}

/** What in `text` reads like instructions to the assistant, one sentence per sign found; empty when nothing does. */
export function instructionSigns(text: string): string[] {
  const found: string[] = [];
  for (const { pattern, reads } of SIGNS) {
    const match = pattern.exec(text);
    if (match) found.push(`${reads} ("${excerpt(text, match.index, match[0].length)}")`);
  }
  return found;
}

/** True when a pack-supplied text must not go into a prompt as it is. */
export function readsLikeInstructions(text: string): boolean {
  return SIGNS.some(({ pattern }) => pattern.test(text));
}

/** The warnings for a pack: its description and each API's description, parameters and notes. */
export function packWarnings(pack: {
  description: string;
  apis: readonly Pick<ApiDocument, 'name' | 'description' | 'composition' | 'examples' | 'parameters'>[];
}): string[] {
  const warnings = instructionSigns(pack.description).map((sign) => `Its description ${sign}.`);
  for (const api of pack.apis) {
    const text = [api.description, api.composition, ...api.examples, JSON.stringify(api.parameters ?? {})].join('\n');
    for (const sign of instructionSigns(text)) warnings.push(`${api.name}’s documentation ${sign}.`);
  }
  return warnings.slice(0, 20);
}
