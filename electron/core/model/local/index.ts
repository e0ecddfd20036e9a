export { LlamaProvider } from './llama-provider';
export { LlamaTokenizer } from './chat-template';
export { loadLlamaTokenizer } from './load-tokenizer';
export { loadLocalProvider } from './lazy-loader';
