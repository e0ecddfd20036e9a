import { runCli } from './cli/program';

// The `switchboard` command. Everything lives in cli/program.ts so tests can run it in process.
const code = await runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
