#!/usr/bin/env node
// `npm run web`: the browser host (core in this process), started with the allocator setting of allocator-env.mjs.
import { ensureAllocatorEnv } from './allocator-env.mjs';

await ensureAllocatorEnv();
const { register } = await import('tsx/esm/api');
register();
await import('./web.ts');
