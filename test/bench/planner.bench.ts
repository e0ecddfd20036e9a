import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineApi, definePack, type PackDefinition } from '../../apis/sdk';
import { createCore } from '../../electron/core/create-core';
import { memorySink } from '../../electron/core/log/logger';
import { Planner, type PlannerOptions } from '../../electron/core/session/planner';
import type { TurnFinished } from '../../electron/core/session/turn-events';
import { filesPack } from '../fixtures/builtin/files-pack';
import { notesPack } from '../fixtures/builtin/notes-pack';
import { startOpenAiServer, type ChatCompletionBody, type ChatReply } from '../helpers/openai-server';
import { oneCallReply, outlineReply, programReply, scriptedProvider, stepOf, testToolSelector } from '../helpers/planner';
import { tempHome } from '../helpers/temp-home';
import { percentile, round, type Figure } from './stats';

const WRITE = [{ action: 'write the summary file', search: 'write text file', modules: ['files'] }];
const GOOD = "const r = await files.write({ path: 'summary.txt', text: 'Q3 summary' });\nreturn { bytes: r.bytes };";
const MULTI = [
  { action: 'search the notes for standup', search: 'search notes', modules: ['notes'] },
  { action: 'read the agenda file', search: 'read text file', modules: ['files'] },
  { action: 'write the summary file', search: 'write text file', modules: ['files'] },
];
const MULTI_PROGRAM =
  "const hits = await notes.search({ query: 'standup' });\nawait files.write({ path: 'summary.txt', text: String(hits.length) });\nreturn hits.length;";

/** Synthetic packs so the toolbox is measured against a large installed catalogue (the prompt must not grow with it). */
function syntheticPacks(count: number, apisEach: number): PackDefinition[] {
  const topics = [
    'invoice',
    'calendar',
    'slides',
    'sheet',
    'mail',
    'contacts',
    'tasks',
    'photos',
    'pdf',
    'chart',
    'budget',
    'travel',
    'hr',
    'crm',
    'wiki',
    'forms',
    'survey',
    'ledger',
    'timesheet',
    'inventory',
  ];
  const verbs = [
    'create',
    'update',
    'delete',
    'list',
    'search',
    'export',
    'import',
    'merge',
    'rename',
    'archive',
    'share',
    'format',
    'sort',
    'filter',
    'summarize',
  ];
  return Array.from({ length: count }, (_, p) => {
    const topic = topics[p % topics.length]!;
    return definePack({
      name: `${topic}${p}`,
      version: '1.0.0',
      description: `Work with ${topic} records (${p}).`,
      apis: Array.from({ length: apisEach }, (_, a) =>
        defineApi({
          name: verbs[a % verbs.length]!,
          description: `${verbs[a % verbs.length]} ${topic} records by name, date or owner, returning the affected records.`,
          parameters: z.object({
            name: z.string().describe(`the ${topic} record name`),
            owner: z.string().optional().describe('who owns it'),
            date: z.string().optional().describe('ISO date'),
          }),
          returns: z.object({ ids: z.array(z.string()), count: z.number() }),
          effects: 'read',
          run: async () => ({ ids: [], count: 0 }),
        }),
      ),
    });
  });
}

interface Scenario {
  name: string;
  request: string;
  mode: PlannerOptions['mode'];
  reply: (body: ChatCompletionBody, index: number) => ChatReply;
}

const scenarios: Scenario[] = [
  {
    name: 'two-call, no repair',
    request: 'Write "Q3 summary" into summary.txt',
    mode: 'two-call',
    reply: (b) => (stepOf(b) === 'outline' ? outlineReply(WRITE) : programReply(GOOD)),
  },
  { name: 'one-call, no repair', request: 'Write "Q3 summary" into summary.txt', mode: 'one-call', reply: () => oneCallReply(GOOD, WRITE) },
  {
    name: 'auto (confident request)',
    request: 'Write "Q3 summary" into summary.txt',
    mode: 'auto',
    reply: (b) => (stepOf(b) === 'plan_and_program' ? oneCallReply(GOOD, WRITE) : stepOf(b) === 'outline' ? outlineReply(WRITE) : programReply(GOOD)),
  },
  {
    name: 'two-call, three steps',
    request: 'Count the standup notes, check the agenda and write the count to summary.txt',
    mode: 'two-call',
    reply: (b) => (stepOf(b) === 'outline' ? outlineReply(MULTI) : programReply(MULTI_PROGRAM)),
  },
  {
    // Nothing staged and a value returned: the model writes the answer (a third call in two-call mode).
    name: 'two-call, a question answered from data',
    request: 'How many standup notes are there?',
    mode: 'two-call',
    reply: (b) =>
      stepOf(b) === 'outline'
        ? outlineReply([{ action: 'count the standup notes', search: 'search notes', modules: ['notes'] }])
        : programReply("const hits = await notes.search({ query: 'standup' });\nreturn { notes: hits.length };"),
  },
  {
    name: 'two-call, one verify repair',
    request: 'Write "Q3 summary" into summary.txt',
    mode: 'two-call',
    reply: (b, i) => (stepOf(b) === 'outline' ? outlineReply(WRITE) : i % 3 === 1 ? programReply("await files.write({ path: 'x.txt' });") : programReply(GOOD)),
  },
];

function summarize(name: string, turns: TurnFinished[], extra: Record<string, number | string> = {}): Figure {
  const firstResult = turns.map((t) => t.statistics.timings.programToFirstResultMs ?? Number.NaN).sort((a, b) => a - b);
  const completed = turns.filter((t) => t.status === 'completed');
  const mean = (f: (t: TurnFinished) => number) => round(turns.reduce((n, t) => n + f(t), 0) / turns.length, 2);
  return {
    name: `${name}: program received → first result (model time excluded)`,
    n: turns.length,
    p50_ms: round(percentile(firstResult, 50)),
    p95_ms: round(percentile(firstResult, 95)),
    extra: {
      completed: `${completed.length}/${turns.length}`,
      'LLM calls per completed task': round(completed.reduce((n, t) => n + t.statistics.llmCalls, 0) / Math.max(1, completed.length), 2),
      'tool tokens per turn': mean((t) => t.statistics.toolTokens),
      'prompt tokens': mean((t) => t.statistics.promptTokens),
      ...extra,
    },
  };
}

/** The planner over the scripted server: LLM calls per completed task, tool text per turn, program-to-first-result time. */
export async function benchPlanner(): Promise<Figure[]> {
  const runs = Number(process.env.BENCH_PLANNER_RUNS ?? 20);
  const figures: Figure[] = [];
  const server = await startOpenAiServer();
  for (const installed of [
    { label: 'fixture packs (9 APIs)', packs: [filesPack, notesPack] },
    { label: '+ 300 synthetic APIs', packs: [filesPack, notesPack, ...syntheticPacks(20, 15)] },
  ]) {
    const { dir, cleanup } = await tempHome('switchboard-bench-planner-');
    const root = join(dir, 'root');
    await mkdir(root, { recursive: true });
    const core = await createCore({
      host: 'test',
      home: join(dir, 'home'),
      env: {},
      appVersion: '0.0.0-bench',
      packs: installed.packs,
      logSinks: [memorySink()],
    });
    const { tools, close } = await testToolSelector(core);
    try {
      const apiCount = core.registry.listApis().length;
      for (const scenario of scenarios) {
        const turns: TurnFinished[] = [];
        for (let i = 0; i < runs + 2; i++) {
          // The answer call (plain text, no schema) gets a short streamed reply.
          server.script({ chat: (b, n) => (stepOf(b) === 'text' ? { chunks: ['Done: ', 'wrote ', 'it.'] } : scenario.reply(b, n)) });
          const planner = new Planner({
            provider: scriptedProvider(server),
            executor: core.executor,
            tools,
            modules: () => core.registry.listPacks().map((p) => ({ name: p.module, description: p.description })),
            options: { mode: scenario.mode },
          });
          const finished = await planner.turn({ request: scenario.request, roots: [root] });
          if (finished.runId) await core.executor.discard(finished.runId).catch(() => undefined);
          if (i >= 2) turns.push(finished); // two warm-up turns
        }
        figures.push(summarize(`${installed.label}, ${scenario.name}`, turns, { 'installed APIs': apiCount, mode: turns[0]!.statistics.mode }));
      }
    } finally {
      await close();
      await core.dispose();
      await cleanup();
    }
  }
  await server.close();
  return figures;
}
