import { runCli } from './cli/program';

// `npm run web`: the browser host, i.e. `switchboard web` with the given arguments.
const code = await runCli(['web', ...process.argv.slice(2)], {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
