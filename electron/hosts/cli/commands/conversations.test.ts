import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPacks } from '../../../../apis';
import { runCli } from '../program';
import { createCore } from '../../../core/create-core';
import type { ConversationExport } from '../../../core/export/conversation-export';

let dir: string;
let home: string;
const conversationId = 'conv-export-1';
const program = "await fs.writeText({ path: 'notes.txt', text: 'hello' });\nreturn 'done ``` <b>';";

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'switchboard-export-')));
  home = join(dir, 'home');
  await mkdir(join(dir, 'work'));
  const core = await createCore({ host: 'test', home, env: {}, appVersion: '0.0.0', packs: builtinPacks });
  try {
    const run = await core.executor.run(program, { roots: [join(dir, 'work')] });
    expect(run.status).toBe('completed');
    await core.handlers['run.apply']({ runId: run.runId }, { client: { id: 't', setSubscriptions: () => undefined }, signal: new AbortController().signal });
    const at = new Date().toISOString();
    await core.conversations.append({ id: 'm1', conversationId, role: 'user', text: 'Write notes <script>alert(1)</script>', createdAt: at });
    await core.conversations.append({
      id: 'm2',
      conversationId,
      role: 'assistant',
      text: 'I wrote notes.txt.',
      createdAt: at,
      runId: run.runId,
      turn: {
        turnId: 't1',
        status: 'completed',
        steps: [{ action: 'Write the notes file', search: 'write text file', modules: ['fs'] }],
        apis: [],
        used: ['fs.writeText'],
        program,
        repairs: 0,
        artifacts: run.artifacts,
      },
    });
  } finally {
    await core.dispose();
  }
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['--home', home, ...args], { out: (t) => (out += t), err: (t) => (err += t), env: {} }, { packs: builtinPacks });
  return { code, out, err };
}

describe('switchboard conversations export', () => {
  it('exports JSON with the plan, the program, each call with its result, and the applied files', async () => {
    const { code, out } = await cli('conversations', 'export', conversationId, '--format', 'json');
    expect(code).toBe(0);
    const data = JSON.parse(out) as ConversationExport;
    expect(data.conversation.id).toBe(conversationId);
    const reply = data.messages[1]!;
    expect(reply.turn?.program).toBe(program);
    expect(reply.turn?.steps[0]?.action).toBe('Write the notes file');
    expect(reply.run?.calls[0]).toMatchObject({ api: 'fs.writeText', args: { path: 'notes.txt', text: 'hello' } });
    expect(reply.run?.value).toBe('done ``` <b>');
    expect(reply.run?.applyState).toBe('applied');
    expect(reply.run?.files).toEqual([{ target: join(dir, 'work', 'notes.txt'), action: 'write' }]);
  });

  it('exports Markdown whose program fence survives backticks in the program', async () => {
    const { out } = await cli('conversations', 'export', conversationId, '--format', 'md');
    expect(out).toContain('## You');
    expect(out).toContain('1. Write the notes file (fs)');
    expect(out).toContain("````ts\nawait fs.writeText({ path: 'notes.txt', text: 'hello' });\nreturn 'done ``` <b>';\n````");
    expect(out).toContain('`fs.writeText` returned');
    expect(out).toContain(`- write ${join(dir, 'work', 'notes.txt')}`);
  });

  it('exports HTML with every text escaped, and writes --out once without overwriting', async () => {
    const file = join(dir, 'export.html');
    const first = await cli('conversations', 'export', conversationId, '--format', 'html', '--out', file);
    expect(first.code).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('fs.writeText');
    const again = await cli('conversations', 'export', conversationId, '--format', 'html', '--out', file);
    expect(again.code).toBe(1);
    expect(again.err).toContain('already exists');
    expect(await readFile(file, 'utf8')).toBe(html);
  });

  it('refuses an unknown format and an unknown conversation clearly', async () => {
    const bad = await cli('conversations', 'export', conversationId, '--format', 'pdf');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be one of md, html, json');
    const missing = await cli('conversations', 'export', 'no-such-conversation', '--format', 'md');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/NOT_FOUND/);
  });
});
