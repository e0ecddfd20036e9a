import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { builtinPacks } from '../../apis';
import { createCore, type Core } from '../../electron/core/create-core';
import type { RunEvent } from '../../electron/core/executor';
import { memorySink } from '../../electron/core/log/logger';
import { GLOVE_CACHE_FILE } from '../../electron/core/selector/glove-cache';
import { GloveEmbedder } from '../../electron/core/selector/glove-embedder';
import type { PlannerOptions } from '../../electron/core/session/planner';
import type { TurnEvent, TurnFinished } from '../../electron/core/session/turn-events';
import { startOpenAiServer, type ChatCompletionBody, type ChatReply, type ScriptedOpenAiServer } from './openai-server';
import { SHARED_GLOVE_DIR } from './planner';
import { tempHome } from './temp-home';

/**
 * A real core with the built-in office packs (pptx, xlsx, docx, fs), its own selector (SelectorService
 * over the registry with the offline GloVe embedder) and the planner talking to a scripted
 * OpenAI-compatible server through the real `openai` client: the whole turn path, only the model scripted.
 */
export interface OfficeScenarioEnv {
  core: Core;
  server: ScriptedOpenAiServer;
  /** The granted folder (the person's workspace). */
  root: string;
  /** A folder outside the workspace (attachments dropped from elsewhere). */
  inbox: string;
  close: () => Promise<void>;
}

export async function officeScenarioCore(options: { vision?: boolean; planner?: Partial<PlannerOptions> } = {}): Promise<OfficeScenarioEnv> {
  const home = await tempHome('switchboard-office-scenarios-');
  const models = join(home.dir, 'models');
  const root = join(home.dir, 'work');
  const inbox = join(home.dir, 'inbox');
  await Promise.all([mkdir(models, { recursive: true }), mkdir(root), mkdir(inbox)]);
  // The real GloVe vectors (wink sg-100d), converted once per machine into the shared test cache.
  await mkdir(SHARED_GLOVE_DIR, { recursive: true });
  await GloveEmbedder.open(SHARED_GLOVE_DIR);
  await copyFile(join(SHARED_GLOVE_DIR, GLOVE_CACHE_FILE), join(models, GLOVE_CACHE_FILE));
  const server = await startOpenAiServer();
  const core = await createCore({
    host: 'test',
    home: join(home.dir, 'home'),
    env: { SWITCHBOARD_MODELS_DIR: models },
    appVersion: '0.0.0-test',
    packs: builtinPacks,
    logSinks: [memorySink()],
    planner: { mode: 'two-call', ...options.planner },
  });
  await core.settings.set({
    models: {
      provider: 'openai',
      openai: { preset: 'custom', baseURL: server.baseURL, models: { planner: 'scripted-planner' }, jsonSchema: true, vision: options.vision ?? false },
    },
    workspace: { folders: [root] },
  });
  return {
    core,
    server,
    root,
    inbox,
    close: async () => {
      await core.dispose();
      await server.close();
      await home.cleanup();
    },
  };
}

/** What one scripted turn did: its events, run events, the requests the model got, and the outcome. */
export interface TurnTrace {
  finished: TurnFinished;
  events: TurnEvent[];
  runEvents: RunEvent[];
  requests: ChatCompletionBody[];
  /** Names of the APIs the selector put in the toolbox (the last toolbox of the turn). */
  toolbox: string[];
  types: string[];
}

export interface TurnScript {
  request: string;
  chat: ChatReply[] | ((body: ChatCompletionBody, index: number) => ChatReply);
  attachments?: string[];
  mode?: PlannerOptions['mode'];
  /** How to answer approval requests (none: they wait, so a scenario with one must say). */
  approve?: 'once' | 'deny';
  /** Abort the turn when this event (or run event) arrives. */
  abortOn?: TurnEvent['type'] | RunEvent['type'];
}

/** Runs one turn through `core.turns` (the path chat.send takes) against a fresh script. */
export async function scriptedTurn(env: OfficeScenarioEnv, script: TurnScript): Promise<TurnTrace> {
  env.server.script({ chat: script.chat });
  const before = env.server.chatRequests().length;
  const events: TurnEvent[] = [];
  const runEvents: RunEvent[] = [];
  let turnId = '';
  const outcome = await env.core.turns.run({
    request: script.request,
    attachments: script.attachments ?? [],
    roots: [env.root],
    ...(script.mode ? { mode: script.mode } : {}),
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'turn.started') turnId = e.turnId;
      if (e.type === script.abortOn) setTimeout(() => env.core.turns.cancel(turnId), 20);
    },
    onRunEvent: (e) => {
      runEvents.push(e);
      if (e.type === script.abortOn) setTimeout(() => env.core.turns.cancel(turnId), 20);
      if (e.type === 'run.approval.requested' && script.approve) env.core.executor.approve(e.runId, e.requestId, script.approve);
    },
  });
  if (!outcome.ok) throw new Error(`no turn: ${outcome.error.message}`);
  const toolboxes = events.filter((e) => e.type === 'turn.toolbox');
  const last = toolboxes[toolboxes.length - 1];
  return {
    finished: outcome.value,
    events,
    runEvents,
    requests: env.server.chatRequests().slice(before),
    toolbox: last && last.type === 'turn.toolbox' ? last.apis.map((a) => a.name) : [],
    types: events.map((e) => e.type),
  };
}

/** Applies a completed turn's staged files to the workspace. */
export async function applyTurn(env: OfficeScenarioEnv, trace: TurnTrace): Promise<void> {
  const runId = trace.finished.runId;
  if (!runId) throw new Error(`turn has no run: ${trace.finished.answer}`);
  await env.core.executor.apply(runId);
}

/** The API calls the runs made, in order (name and whether each returned). */
export function callsOf(trace: TurnTrace): { api: string; ok: boolean }[] {
  return trace.runEvents.flatMap((e): { api: string; ok: boolean }[] =>
    e.type === 'run.api.result' ? [{ api: e.api, ok: true }] : e.type === 'run.api.error' ? [{ api: e.api, ok: false }] : [],
  );
}
