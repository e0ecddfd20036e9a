/** See allocator-env.mjs. */
export function allocatorEnv(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): NodeJS.ProcessEnv | undefined;
export function ensureAllocatorEnv(): Promise<void>;
