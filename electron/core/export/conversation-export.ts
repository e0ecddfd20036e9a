import type { ChatMessage } from '../../shared/contract';
import type { ExportFormat } from '../../shared/conversation-export';
import type { ConversationSummary } from '../../shared/conversations';
import type { RunRecord } from '../../shared/run-view';

/** The exported conversation: each message with its turn (plan, program, files) and its run (calls, results). */
export interface ConversationExport {
  format: 'switchboard.conversation/1';
  conversation: ConversationSummary;
  messages: (ChatMessage & { run?: RunRecord })[];
}

/** Gathers a conversation and the record of each run its messages report on (a pruned run is left out). */
export async function gatherExport(
  data: { conversation: ConversationSummary; messages: ChatMessage[] },
  runOf: (runId: string) => Promise<RunRecord | undefined>,
): Promise<ConversationExport> {
  const messages = [];
  for (const message of data.messages) {
    const run = message.runId ? await runOf(message.runId) : undefined;
    messages.push(run ? { ...message, run } : message);
  }
  return { format: 'switchboard.conversation/1', conversation: data.conversation, messages };
}

const json = (v: unknown): string => JSON.stringify(v, null, 2) ?? 'undefined';

/** A fence longer than any backtick run in the text, so a program holding ``` cannot end it early. */
function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

function markdownOf(data: ConversationExport): string {
  const out = [
    `# ${data.conversation.title}`,
    '',
    `Created ${data.conversation.createdAt}, updated ${data.conversation.updatedAt}, ${data.conversation.messageCount} messages.`,
  ];
  for (const m of data.messages) {
    out.push('', `## ${m.role === 'user' ? 'You' : 'Switchboard'} (${m.createdAt})`, '', m.text);
    if (m.attachments?.length) out.push('', `Attachments: ${m.attachments.map((a) => `${a.name} (${a.type}, ${a.size} bytes)`).join(', ')}`);
    const turn = m.turn;
    if (turn) {
      out.push('', `### Plan (${turn.status}${turn.repairs ? `, ${turn.repairs} repairs` : ''})`, '');
      turn.steps.forEach((s, i) => out.push(`${i + 1}. ${s.action}${s.modules.length ? ` (${s.modules.join(', ')})` : ''}`));
      if (turn.program) out.push('', '### Program', '', fence(turn.program, 'ts'));
    }
    if (m.run) {
      out.push('', `### Calls (run ${m.run.runId}, ${m.run.status})`, '');
      for (const c of m.run.calls) {
        out.push(
          `- \`${c.api}\` ${c.error ? `failed: ${c.error.code}: ${c.error.message}` : 'returned'}`,
          '',
          fence(json({ args: c.args, ...(c.error ? {} : { result: c.value }) }), 'json'),
          '',
        );
      }
      if (m.run.value !== undefined) out.push('Result:', '', fence(json(m.run.value), 'json'));
      if (m.run.error) out.push(`Error: ${m.run.error.code}: ${m.run.error.message}`);
    }
    const files = m.run?.files ?? m.run?.artifacts ?? turn?.artifacts ?? [];
    if (files.length) out.push('', `### Files${m.run?.applyState ? ` (${m.run.applyState})` : ''}`, '', ...files.map((f) => `- ${f.action} ${f.target}`));
  }
  return `${out.join('\n')}\n`;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function htmlOf(data: ConversationExport): string {
  const pre = (t: string) => `<pre><code>${escapeHtml(t)}</code></pre>`;
  const parts = data.messages.map((m) => {
    const body: string[] = [
      `<h2>${m.role === 'user' ? 'You' : 'Switchboard'} <small>${escapeHtml(m.createdAt)}</small></h2>`,
      `<p>${escapeHtml(m.text).replace(/\n/g, '<br>')}</p>`,
    ];
    if (m.turn) {
      body.push(`<h3>Plan (${escapeHtml(m.turn.status)})</h3><ol>${m.turn.steps.map((s) => `<li>${escapeHtml(s.action)}</li>`).join('')}</ol>`);
      if (m.turn.program) body.push('<h3>Program</h3>', pre(m.turn.program));
    }
    if (m.run) {
      body.push(`<h3>Calls (run ${escapeHtml(m.run.runId)}, ${escapeHtml(m.run.status)})</h3>`);
      for (const c of m.run.calls)
        body.push(
          `<h4>${escapeHtml(c.api)}${c.error ? ` failed: ${escapeHtml(`${c.error.code}: ${c.error.message}`)}` : ''}</h4>`,
          pre(json({ args: c.args, ...(c.error ? {} : { result: c.value }) })),
        );
      if (m.run.value !== undefined) body.push('<h3>Result</h3>', pre(json(m.run.value)));
    }
    const files = m.run?.files ?? m.run?.artifacts ?? m.turn?.artifacts ?? [];
    if (files.length) body.push(`<h3>Files</h3><ul>${files.map((f) => `<li>${escapeHtml(`${f.action} ${f.target}`)}</li>`).join('')}</ul>`);
    return `<section class="${m.role}">${body.join('\n')}</section>`;
  });
  // A self-contained page: no scripts, no remote resources; the CSP forbids both even if a text slipped through.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(data.conversation.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.6rem;overflow:auto}section{border-top:1px solid #ddd}section.user h2{color:#0b5394}small{color:#777;font-weight:normal}</style>
</head><body>
<h1>${escapeHtml(data.conversation.title)}</h1>
${parts.join('\n')}
</body></html>
`;
}

/** The export in one format, with a file name made safe from the title. */
export function renderExport(data: ConversationExport, format: ExportFormat): { filename: string; mimeType: string; content: string } {
  const base =
    data.conversation.title
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 60) || data.conversation.id;
  if (format === 'json') return { filename: `${base}.json`, mimeType: 'application/json', content: `${json(data)}\n` };
  if (format === 'html') return { filename: `${base}.html`, mimeType: 'text/html', content: htmlOf(data) };
  return { filename: `${base}.md`, mimeType: 'text/markdown', content: markdownOf(data) };
}
