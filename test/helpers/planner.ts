import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../electron/core/create-core';
import { memorySink, createLogger } from '../../electron/core/log/logger';
import { OpenAiProvider } from '../../electron/core/model/openai/openai-provider';
import { GloveEmbedder } from '../../electron/core/selector/glove-embedder';
import { selectorDoc } from '../../electron/core/selector/documents';
import { Selector } from '../../electron/core/selector/selector';
import { Planner, type PlannerDeps } from '../../electron/core/session/planner';
import { executorCore } from './executor';
import { startOpenAiServer, type ChatCompletionBody, type ChatReply, type ScriptedOpenAiServer } from './openai-server';

/** One word-vector cache for every test run (built once, about 7 s; checksummed by the selector). */
export const SHARED_GLOVE_DIR = join(tmpdir(), 'switchboard-test-glove');

/** The real selector over a core's registry, as the planner's ToolSelector (the way the selector's bench builds it). */
export async function testToolSelector(core: Pick<Core, 'registry'>): Promise<{ tools: Selector; close: () => Promise<void> }> {
  await mkdir(SHARED_GLOVE_DIR, { recursive: true });
  const embedder = await GloveEmbedder.open(SHARED_GLOVE_DIR);
  const uri = await mkdtemp(join(tmpdir(), 'switchboard-test-selector-'));
  const selector = new Selector({ uri, embedder, source: () => core.registry.listApis().map(selectorDoc), logger: createLogger({ sinks: [memorySink()] }) });
  await selector.start();
  return {
    tools: selector,
    close: async () => {
      await selector.dispose();
      await rm(uri, { recursive: true, force: true });
    },
  };
}

/** The real OpenAI-compatible provider pointed at the scripted server. */
export function scriptedProvider(server: ScriptedOpenAiServer, options: { vision?: boolean; jsonSchema?: boolean; streaming?: boolean } = {}): OpenAiProvider {
  return new OpenAiProvider({
    baseURL: server.baseURL,
    models: { planner: 'scripted-planner', coder: 'scripted-planner', vision: 'scripted-vision' },
    capabilities: {
      vision: options.vision ?? false,
      jsonSchema: options.jsonSchema ?? true,
      embeddings: false,
      transcription: false,
      streaming: options.streaming ?? true,
    },
    maxRetries: 0,
  });
}

/** Which step a request is: the name of its response_format schema (outline, program, plan_and_program). */
export function stepOf(body: ChatCompletionBody): string {
  return body.response_format?.json_schema?.name ?? 'text';
}

export const outlineReply = (steps: { action: string; search: string; modules: string[] }[], question = ''): ChatReply => ({
  content: JSON.stringify({ steps, question }),
});
export const programReply = (program: string, summary = 'did it'): ChatReply => ({ content: JSON.stringify({ program, summary }) });
export const oneCallReply = (
  program: string,
  steps: { action: string; search: string; modules: string[] }[] = [],
  question = '',
  summary = 'did it',
): ChatReply => ({
  content: JSON.stringify({ steps, question, program, summary }),
});

/** All text of a recorded request's messages. */
export function promptText(body: ChatCompletionBody): string {
  return body.messages
    .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '[image]')).join('')))
    .join('\n');
}

/** What the planner's integration tests share: a core over a granted workspace, the real selector, the scripted model server. */
export interface PlannerHarness {
  env: Awaited<ReturnType<typeof executorCore>>;
  core: Core;
  tools: Selector;
  server: ScriptedOpenAiServer;
  /** A Planner over the real provider pointed at the scripted server, the core's executor and the selector. */
  planner(options: PlannerDeps['options'], provider?: { vision?: boolean; streaming?: boolean }): Planner;
  close(): Promise<void>;
}

/** Starts the harness (call in beforeAll; close in afterAll). Whatever started is closed if a later step throws. */
export async function startPlannerHarness(): Promise<PlannerHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const env = await executorCore();
    cleanups.push(env.close);
    const { core } = env;
    const selector = await testToolSelector(core);
    cleanups.push(selector.close);
    const server = await startOpenAiServer();
    cleanups.push(() => server.close());
    const planner = (options: PlannerDeps['options'], provider: { vision?: boolean; streaming?: boolean } = {}): Planner =>
      new Planner({
        provider: scriptedProvider(server, provider),
        executor: core.executor,
        tools: selector.tools,
        modules: () => core.registry.listPacks().map((p) => ({ name: p.module, description: p.description })),
        options,
      });
    return { env, core, tools: selector.tools, server, planner, close };
  } catch (error) {
    await close();
    throw error;
  }
}
