import { ModelError } from '../provider';
import { LlamaTokenizer } from './chat-template';
import { llamaRuntime } from './llama-runtime';
import type { Logger } from '../../log/logger';
import { errorMessage } from '../../../shared/errors';

/** Loads only the vocabulary of a GGUF (no weights): a tokenizer with the file's chat template. */
export async function loadLlamaTokenizer(modelPath: string, logger?: Logger): Promise<LlamaTokenizer> {
  const llama = await llamaRuntime(logger);
  try {
    return new LlamaTokenizer(await llama.loadModel({ modelPath, vocabOnly: true }));
  } catch (error) {
    throw new ModelError('NOT_CONFIGURED', `cannot read the vocabulary of ${modelPath}: ${errorMessage(error)}`);
  }
}
