import type { EventPayload } from '../../../electron/shared/contract';
import type { TurnEventName, TurnStatus } from '../../../electron/shared/turn';
import { dropOldestFinished } from './bounded';
import { call } from './call';
import type { SliceCreator } from './types';

/** A planner turn as it happens: outline, chosen APIs, program attempts, repairs, its runs and the answer. */
export interface TurnView {
  turnId: string;
  conversationId?: string;
  request: string;
  steps: EventPayload<'turn.outline'>['steps'];
  question: string;
  apis: EventPayload<'turn.toolbox'>['apis'];
  programs: { program: string; attempt: number }[];
  /** The program as the model writes it (turn.progress), until the whole program (turn.program) or the end. */
  writing?: { attempt: number; chars: number; tokens: number; program: string };
  diagnostics: { ok: boolean; text: string; attempt: number }[];
  repairs: { kind: 'verify' | 'runtime'; attempt: number; feedback: string }[];
  runIds: string[];
  answer: string;
  status?: TurnStatus;
  statistics?: EventPayload<'turn.finished'>['statistics'];
}

const MAX_TURNS = 50;

export interface TurnsSlice {
  turns: Record<string, TurnView>;
  receiveTurnEvent<E extends TurnEventName>(name: E, payload: EventPayload<E>): void;
  cancelTurn(turnId: string): Promise<void>;
  /** Thumbs on a reply: tells the selector (and the APIs' usage figures) whether these APIs served this request. */
  rateTurn(request: string, apis: readonly string[], up: boolean): Promise<boolean>;
}

export const createTurnsSlice: SliceCreator<TurnsSlice> =
  ({ bridge }) =>
  (set) => {
    const update = (turnId: string, change: (turn: TurnView) => Partial<TurnView>) =>
      set((state) => {
        const turn = state.turns[turnId] ?? {
          turnId,
          request: '',
          steps: [],
          question: '',
          apis: [],
          programs: [],
          diagnostics: [],
          repairs: [],
          runIds: [],
          answer: '',
        };
        return { turns: dropOldestFinished({ ...state.turns, [turnId]: { ...turn, ...change(turn) } }, MAX_TURNS, (t) => t.status !== undefined) };
      });

    return {
      turns: {},

      receiveTurnEvent(name, payload) {
        const e = payload as { turnId: string } & Record<string, unknown>;
        switch (name) {
          case 'turn.started': {
            const p = payload as EventPayload<'turn.started'>;
            return update(p.turnId, () => ({ request: p.request, conversationId: p.conversationId }));
          }
          case 'turn.outline': {
            const p = payload as EventPayload<'turn.outline'>;
            return update(p.turnId, () => ({ steps: p.steps, question: p.question }));
          }
          case 'turn.toolbox':
            return update(e.turnId, () => ({ apis: (payload as EventPayload<'turn.toolbox'>).apis }));
          case 'turn.progress': {
            const p = payload as EventPayload<'turn.progress'>;
            return update(p.turnId, () => ({ writing: { attempt: p.attempt, chars: p.chars, tokens: p.tokens, program: p.program } }));
          }
          case 'turn.program': {
            const p = payload as EventPayload<'turn.program'>;
            return update(p.turnId, (t) => ({ programs: [...t.programs, { program: p.program, attempt: p.attempt }], writing: undefined }));
          }
          case 'turn.diagnostics': {
            const p = payload as EventPayload<'turn.diagnostics'>;
            return update(p.turnId, (t) => ({ diagnostics: [...t.diagnostics, { ok: p.ok, text: p.text, attempt: p.attempt }] }));
          }
          case 'turn.repair': {
            const p = payload as EventPayload<'turn.repair'>;
            return update(p.turnId, (t) => ({ repairs: [...t.repairs, { kind: p.kind, attempt: p.attempt, feedback: p.feedback }] }));
          }
          case 'turn.run': {
            const p = payload as EventPayload<'turn.run'>;
            return update(p.turnId, (t) => ({ runIds: [...t.runIds, p.runId] }));
          }
          case 'turn.answer': {
            const p = payload as EventPayload<'turn.answer'>;
            return update(p.turnId, (t) => ({ answer: t.answer + p.delta }));
          }
          case 'turn.finished': {
            const p = payload as EventPayload<'turn.finished'>;
            return update(p.turnId, () => ({ status: p.status, answer: p.answer, statistics: p.statistics, writing: undefined }));
          }
        }
      },

      async cancelTurn(turnId) {
        await call(bridge, 'turn.cancel', { turnId });
      },

      async rateTurn(request, apis, up) {
        if (apis.length === 0) return false;
        return (await call(bridge, 'apis.feedback', { request, apis: [...apis], outcome: up ? 'up' : 'down' })).ok;
      },
    };
  };
