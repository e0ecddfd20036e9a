// `node --import ./module-recorder.mjs …` with MODULE_RECORD_FILE set: writes every module the process
// loaded (ES modules as resolved by the loader, CommonJS ones from require's cache), one file URL or
// `node:` name a line, when the process exits. test/arch/cli-start-modules.test.ts reads it.
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
register('./module-recorder-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });

process.on('exit', () => {
  for (const file of Object.keys(createRequire(import.meta.url).cache)) seen.add(pathToFileURL(file).href);
  if (process.env.MODULE_RECORD_FILE) writeFileSync(process.env.MODULE_RECORD_FILE, [...seen].join('\n'));
});
