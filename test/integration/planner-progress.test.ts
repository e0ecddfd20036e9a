import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnEvent } from '../../electron/core/session/turn-events';
import { turnEventSchemas } from '../../electron/shared/turn';
import type { ChatReply, ScriptedOpenAiServer } from '../helpers/openai-server';
import { oneCallReply, outlineReply, programReply, startPlannerHarness, type PlannerHarness } from '../helpers/planner';

/** The program's reply streams, so the UI can show it growing: turn.progress events, throttled, over the real provider and scripted server. */

const WRITE_STEP = [{ action: 'write the summary to a text file', search: 'write text file', modules: ['files'] }];
const GOOD =
  "const text = 'Q3 summary: revenue up 12 %, two new regions';\nconst r = await files.write({ path: 'summary.txt', text });\nreturn { bytes: r.bytes, answer: 'Wrote summary.txt' };";

let h: PlannerHarness;
let env: PlannerHarness['env'];
let server: ScriptedOpenAiServer;

beforeAll(async () => {
  h = await startPlannerHarness();
  ({ env, server } = h);
}, 60_000);

afterAll(async () => h?.close());

/** A reply cut into pieces of `size` characters, as a model streams tokens. */
function pieces(reply: ChatReply, size: number): ChatReply {
  const content = reply.content ?? '';
  return { ...reply, content: undefined, chunks: content.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [] };
}

async function turn(options: { streaming?: boolean; mode?: 'two-call' | 'one-call'; abortOnProgress?: boolean } = {}) {
  const events: TurnEvent[] = [];
  const controller = new AbortController();
  const planner = h.planner({ mode: options.mode ?? 'two-call', answer: 'composed' }, { streaming: options.streaming ?? true });
  const before = server.chatRequests().length;
  const finished = await planner.turn({
    request: 'Write the Q3 summary into summary.txt',
    roots: [env.root],
    signal: controller.signal,
    onEvent: (event) => {
      events.push(event);
      if (options.abortOnProgress && event.type === 'turn.progress') controller.abort();
    },
  });
  const progress = events.flatMap((event) => (event.type === 'turn.progress' ? [event] : []));
  return { finished, events, progress, requests: server.chatRequests().slice(before) };
}

describe('the planner streams the program it asks for', () => {
  it('emits progress while the program streams: growing prefixes of the program, throttled, valid by the contract', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), { ...pieces(programReply(GOOD, 'wrote the summary'), 6), chunkDelayMs: 25 }] });
    const t = await turn();
    expect(t.finished.status).toBe('completed');
    expect(t.requests[1]).toMatchObject({ stream: true });
    // About 40 pieces at least 25 ms apart: several reports, but fewer than the pieces (the throttle itself,
    // at most one report per PROGRESS_INTERVAL_MS, is proven with a clock of its own in program-progress.test.ts).
    const pieceCount = t.requests.length === 2 ? Math.ceil(programReply(GOOD, 'wrote the summary').content!.length / 6) : 0;
    expect(t.progress.length).toBeGreaterThanOrEqual(3);
    expect(t.progress.length).toBeLessThan(pieceCount);
    for (let i = 1; i < t.progress.length; i++) {
      expect(t.progress[i]!.chars).toBeGreaterThan(t.progress[i - 1]!.chars);
      expect(t.progress[i]!.program.length).toBeGreaterThanOrEqual(t.progress[i - 1]!.program.length);
    }
    for (const p of t.progress) {
      const { type: _type, ...payload } = p;
      expect(() => turnEventSchemas['turn.progress'].parse(payload)).not.toThrow();
      expect(GOOD.startsWith(p.program)).toBe(true);
      expect(p.attempt).toBe(0);
      expect(p.tokens).toBe(Math.ceil(p.chars / 4));
    }
    expect(t.progress.some((p) => p.program.length > 0 && p.program.length < GOOD.length)).toBe(true);
    const types = t.events.map((e) => e.type);
    expect(types.lastIndexOf('turn.progress')).toBeLessThan(types.indexOf('turn.program'));
  });

  it('a repair streams too, its progress tagged with the repair attempt', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), programReply("await files.write({ path: 'typo.txt' });\nreturn 1;"), programReply(GOOD)] });
    const t = await turn();
    expect(t.finished.status).toBe('completed');
    expect([...new Set(t.progress.map((p) => p.attempt))]).toEqual([0, 1]);
  });

  it('the one-call reply streams its program as well', async () => {
    server.script({ chat: [{ ...pieces(oneCallReply(GOOD, WRITE_STEP), 8), chunkDelayMs: 10 }] });
    const t = await turn({ mode: 'one-call' });
    expect(t.finished.status).toBe('completed');
    expect(t.progress.length).toBeGreaterThanOrEqual(1);
    expect(t.progress.every((p) => GOOD.startsWith(p.program))).toBe(true);
  });

  it('an endpoint that ignores stream: true and sends one JSON body still works, with one progress event', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), { ...programReply(GOOD), ignoreStream: true }] });
    const t = await turn();
    expect(t.finished.status).toBe('completed');
    expect(t.progress.map((p) => p.program)).toEqual([GOOD]);
  });

  it('with streaming off the program is asked for in one plain request, and no progress is sent', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), programReply(GOOD)] });
    const t = await turn({ streaming: false });
    expect(t.finished.status).toBe('completed');
    expect(t.requests.map((r) => r.stream ?? false)).toEqual([false, false]);
    expect(t.progress).toEqual([]);
  });

  it('a stream that breaks mid-program fails the turn with the reason and runs nothing', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), { ...pieces(programReply(GOOD), 10), dropAfterChunks: 5 }] });
    const t = await turn();
    expect(t.finished.status).toBe('failed');
    expect(t.finished.answer).toMatch(/The model could not answer \(UNAVAILABLE\)/);
    expect(t.events.map((e) => e.type)).not.toContain('turn.run');
  });

  it('cancel while the program streams ends the turn as cancelled, nothing run', async () => {
    server.script({ chat: [outlineReply(WRITE_STEP), { ...pieces(programReply(GOOD), 10), chunkDelayMs: 200 }] });
    const t = await turn({ abortOnProgress: true });
    expect(t.finished.status).toBe('cancelled');
    expect(t.events.map((e) => e.type)).not.toContain('turn.run');
  });
});
