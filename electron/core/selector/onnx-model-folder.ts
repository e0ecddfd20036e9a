import { copyFile, link, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The model manager's catalogue stores all-MiniLM-L6-v2 as two flat files in the models folder
 * (`<name>.quantized.onnx` and `<name>.tokenizer.json`, see model/manager/catalog.ts), while
 * transformers.js reads a model folder. When `<models>/<name>/` is absent and those two files are
 * there, this lays out the folder from them: the weights hard-linked (copied across devices), the
 * tokenizer copied, and the two small JSON files transformers.js needs, written for a BERT sentence
 * model (all the catalogue offers). Returns whether it assembled a folder.
 */
export async function assembleFromCatalogFiles(modelsDir: string, name: string): Promise<boolean> {
  const folder = join(modelsDir, name);
  if (await exists(folder)) return false;
  const tokenizer = join(modelsDir, `${name}.tokenizer.json`);
  const weights = [
    { from: join(modelsDir, `${name}.quantized.onnx`), to: 'model_quantized.onnx' },
    { from: join(modelsDir, `${name}.onnx`), to: 'model.onnx' },
  ];
  const found = [];
  for (const w of weights) if (await exists(w.from)) found.push(w);
  if (found.length === 0 || !(await exists(tokenizer))) return false;

  // Built beside the final name and renamed into place, so a half-made folder is never read.
  const staging = join(modelsDir, `.${name}.assembling-${process.pid}`);
  await mkdir(join(staging, 'onnx'), { recursive: true });
  for (const w of found) {
    await link(w.from, join(staging, 'onnx', w.to)).catch(() => copyFile(w.from, join(staging, 'onnx', w.to)));
  }
  await copyFile(tokenizer, join(staging, 'tokenizer.json'));
  await writeFile(join(staging, 'config.json'), `${JSON.stringify({ model_type: 'bert', architectures: ['BertModel'] }, null, 2)}\n`);
  const special = { cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' };
  await writeFile(
    join(staging, 'tokenizer_config.json'),
    `${JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, ...special }, null, 2)}\n`,
  );
  try {
    await rename(staging, folder);
  } catch (error) {
    if (!(await exists(folder))) throw error; // Another process assembled it first: use theirs.
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
