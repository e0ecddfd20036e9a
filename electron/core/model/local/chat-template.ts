import { resolveChatWrapper, type ChatHistoryItem, type ChatWrapper, type LlamaModel } from 'node-llama-cpp';
import { messageText, type ChatMessage } from '../provider';

/** Our messages as node-llama-cpp's chat history (text only; the local models have no vision). */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    const text = messageText(m);
    if (m.role === 'system') return { type: 'system', text };
    if (m.role === 'user') return { type: 'user', text };
    return { type: 'model', response: [text] };
  });
}

/** The chat wrapper for a model: its own Jinja template when the GGUF carries one, else a matching built-in. */
export function chatWrapperFor(model: LlamaModel): ChatWrapper {
  return resolveChatWrapper(model);
}

/** The prompt text the model sees for these messages (its chat template applied) and its length in tokens. */
export function renderChat(model: LlamaModel, wrapper: ChatWrapper, messages: readonly ChatMessage[]): { text: string; tokens: number } {
  const { contextText } = wrapper.generateContextState({ chatHistory: toChatHistory(messages) });
  return { text: contextText.toString(), tokens: contextText.tokenize(model.tokenizer).length };
}

/**
 * A tokenizer from a GGUF (a vocabulary-only file is enough): counts tokens and applies the chat
 * template, so prompt budgets are measured in the model's own tokens.
 */
export class LlamaTokenizer {
  readonly wrapper: ChatWrapper;

  constructor(readonly model: LlamaModel) {
    this.wrapper = chatWrapperFor(model);
  }

  countTokens(text: string): number {
    return this.model.tokenize(text).length;
  }

  renderChat(messages: readonly ChatMessage[]): { text: string; tokens: number } {
    return renderChat(this.model, this.wrapper, messages);
  }

  /** The chat template's kind ('JinjaTemplate' when the file's own template is used). */
  get templateName(): string {
    return this.wrapper.wrapperName;
  }

  dispose(): Promise<void> {
    return this.model.dispose();
  }
}
