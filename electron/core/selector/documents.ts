import type { ApiDocument, JsonSchema } from '../../../apis/sdk';
import { estimateTokens, renderDeclarations } from '../platform/declarations';

/** What the selector knows of one API besides its vector: enough to rank, explain and budget it. */
export interface SelectorDoc {
  name: string;
  module: string;
  pack: string;
  effects: string;
  /** The document rendered to text: what is embedded and full-text indexed. */
  text: string;
  /** Estimated tokens of its compact declaration (for the toolbox budget). */
  tokens: number;
}

function parameterLines(schema: JsonSchema | undefined, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    lines.push(`${prefix}${name}: ${typeof prop.description === 'string' ? prop.description : ''}`);
    if (prop.properties) lines.push(...parameterLines(prop, `${prefix}${name}.`));
  }
  return lines;
}

/** Renders an API document into the text the selector indexes: name, description, parameters, returns, examples, composition. */
export function documentText(doc: ApiDocument): string {
  const parts = [doc.name, doc.description, ...parameterLines(doc.parameters)];
  if (typeof doc.returns.description === 'string') parts.push(`returns: ${doc.returns.description}`);
  parts.push(...parameterLines(doc.returns, 'returns.'));
  if (doc.composition.trim()) parts.push(doc.composition);
  parts.push(...doc.examples);
  return parts.join('\n');
}

export function selectorDoc(doc: ApiDocument): SelectorDoc {
  return {
    name: doc.name,
    module: doc.module,
    pack: doc.pack,
    effects: doc.effects,
    text: documentText(doc),
    tokens: estimateTokens(renderDeclarations([doc], 'compact')),
  };
}
