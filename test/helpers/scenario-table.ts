import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnStatus } from '../../electron/shared/turn';
import type { ChatCompletionBody, ChatReply } from './openai-server';
import { oneCallReply, outlineReply, programReply, stepOf } from './planner';
import { hasPythonModule } from './python';
import { applyTurn, officeScenarioCore, scriptedTurn, type OfficeScenarioEnv, type TurnTrace } from './scenario-core';

type Step = { action: string; search: string; modules: string[] };

/**
 * One office scenario: what the person asks (and attaches), what the scripted model answers at each
 * stage, and how the outputs are checked once applied. The selector, verifier, sandbox and packs are real.
 */
export interface OfficeScenario {
  name: string;
  request: string;
  /** Writes the inputs; returns the attachments (paths). */
  setup?: (env: OfficeScenarioEnv) => Promise<string[] | void>;
  /** The outline's steps (two-call) or the one-call reply's steps. */
  steps: Step[];
  /** A question back instead of steps. */
  question?: string;
  /** The programs the model writes, in order: the first, then one per repair. */
  programs?: string[];
  summary?: string;
  mode?: 'auto' | 'one-call' | 'two-call';
  approve?: 'once' | 'deny';
  /** APIs the selector must have put in the toolbox. */
  toolbox?: string[];
  status?: TurnStatus;
  /** Apply the staged files before `check` (default: when completed). */
  apply?: boolean;
  check: (env: OfficeScenarioEnv, trace: TurnTrace) => Promise<void> | void;
}

/** The scripted model: outline (or one call), then the programs in order; any other text request gets a one-line reply. */
export function scenarioModel(s: OfficeScenario): (body: ChatCompletionBody) => ChatReply {
  const programs = [...(s.programs ?? [])];
  return (body) => {
    const step = stepOf(body);
    if (step === 'outline') return outlineReply(s.question ? [] : s.steps, s.question ?? '');
    if (step === 'plan_and_program')
      return oneCallReply(s.question ? '' : (programs.shift() ?? ''), s.question ? [] : s.steps, s.question ?? '', s.summary ?? 'did it');
    if (step === 'program') {
      const next = programs.shift();
      return next === undefined ? { error: { status: 500, message: 'the scenario has no more programs' } } : programReply(next, s.summary ?? 'did it');
    }
    return { content: `Done: ${s.summary ?? 'did it'}.` };
  };
}

/** The turn's story for a failing assertion: diagnostics, repairs, API errors and the answer. */
function explain(t: TurnTrace): string {
  const lines = t.events.flatMap((e) =>
    e.type === 'turn.diagnostics' && !e.ok ? [`diagnostics: ${e.text}`] : e.type === 'turn.repair' ? [`repair (${e.kind}): ${e.feedback}`] : [],
  );
  for (const e of t.runEvents) if (e.type === 'run.api.error') lines.push(`${e.api}: ${e.error.code} ${e.error.message}`);
  return [...lines, `answer: ${t.finished.answer}`].join('\n');
}

/** Runs each scenario as one test over a shared core (one workspace, the files' names kept apart by the scenarios). */
export function officeScenarios(title: string, scenarios: readonly OfficeScenario[]): void {
  describe(title, () => {
    let env: OfficeScenarioEnv;
    const readers = hasPythonModule('openpyxl') && hasPythonModule('docx');
    beforeAll(async () => {
      env = await officeScenarioCore();
    }, 120_000);
    afterAll(async () => {
      await env?.close();
    });
    for (const s of scenarios) {
      it.skipIf(!readers)(
        s.name,
        async () => {
          const attachments = (await s.setup?.(env)) ?? [];
          const trace = await scriptedTurn(env, {
            request: s.request,
            chat: scenarioModel(s),
            attachments,
            mode: s.mode ?? 'two-call',
            ...(s.approve ? { approve: s.approve } : {}),
          });
          const status = s.status ?? 'completed';
          expect(trace.finished.status, explain(trace)).toBe(status);
          for (const api of s.toolbox ?? []) expect(trace.toolbox, `the selector should have chosen ${api}`).toContain(api);
          if (s.apply ?? status === 'completed') await applyTurn(env, trace);
          await s.check(env, trace);
        },
        90_000,
      );
    }
  });
}
