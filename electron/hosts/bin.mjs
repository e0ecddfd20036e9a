#!/usr/bin/env node
// The installed `switchboard` command (and `npm run switchboard`): runs the TypeScript CLI through
// tsx's loader, in a process started with the allocator setting of allocator-env.mjs.
import { ensureAllocatorEnv } from './allocator-env.mjs';

await ensureAllocatorEnv();
const { register } = await import('tsx/esm/api');
register();
await import('./cli.ts');
