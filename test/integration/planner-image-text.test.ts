import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineReply, programReply, promptText, stepOf } from '../helpers/planner';
import { officeScenarioCore, scriptedTurn, type OfficeScenarioEnv } from '../helpers/scenario-core';

/**
 * Issue 13, missing context: the prompts carry the text of the images the request names (OCR through the
 * image pack, read-only) and the contents of small named text files, so the program is not written blind.
 * Real core, packs, OCR, verifier and sandbox; only the model is scripted.
 */

let env: OfficeScenarioEnv;

async function textPng(path: string, text: string, width = 900): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="120"><rect width="100%" height="100%" fill="white"/><text x="20" y="75" font-family="DejaVu Sans" font-size="40" fill="black">${text}</text></svg>`;
  await writeFile(path, await sharp(Buffer.from(svg)).png().toBuffer());
}

beforeAll(async () => {
  env = await officeScenarioCore();
  await mkdir(join(env.root, 'data'));
  await mkdir(join(env.root, 'notes'));
  await textPng(join(env.root, 'data', 'meeting_notice.png'), 'Team meeting: Jume 20, 2024 in room 42');
  await writeFile(join(env.root, 'data', 'guests.txt'), 'Guests for the team meeting:\nAda Lovelace\nBen Okri\nCleo Park\n');
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('the content of named inputs in the prompts', () => {
  it('a named image: outline and program prompts carry its OCR text, and the program is written knowing it', async () => {
    const step = [
      { action: 'read the date on data/meeting_notice.png and write it to notes/date.txt', search: 'read text of an image', modules: ['image', 'fs'] },
    ];
    const program = "await fs.writeText({ path: 'notes/date.txt', text: '2024-06-20' });\nreturn { answer: 'Wrote 2024-06-20 to notes/date.txt.' };";
    const t = await scriptedTurn(env, {
      request: 'Put the date from the meeting notice picture into notes/date.txt',
      chat: [outlineReply(step), programReply(program, 'writes the date')],
    });
    expect(t.requests.map(stepOf)).toEqual(['outline', 'program']);
    for (const request of t.requests) {
      const text = promptText(request);
      expect(text).toMatch(
        /data\/meeting_notice\.png: png, \d+ bytes\. PNG image, 900×120 pixels\. Text read by OCR \(confidence \d+\): Team meeting: Jume 20, 2024 in room 42/,
      );
    }
    expect(t.finished.status).toBe('completed');
    // Reading for the prompt staged nothing: the only artifact is the program's own.
    expect(t.finished.artifacts.map((a) => a.target.replace(/\\/g, '/'))).toEqual([expect.stringMatching(/notes\/date\.txt$/)]);
  }, 120_000);

  it('a small named text file is shown whole', async () => {
    const step = [{ action: 'count the guests in data/guests.txt', search: 'read a text file', modules: ['fs'] }];
    const program = "const t = await fs.readText({ path: 'data/guests.txt' });\nreturn { answer: `${t.text.trim().split('\\n').length - 1} guests.` };";
    const t = await scriptedTurn(env, { request: 'How many guests are on the guest list?', chat: [outlineReply(step), programReply(program)] });
    const text = promptText(t.requests[1]!);
    expect(text).toMatch(/data\/guests\.txt: txt, \d+ bytes\. Text\. Guests for the team meeting: Ada Lovelace Ben Okri Cleo Park/);
    expect(t.finished.answer).toMatch(/^3 guests\./);
  }, 120_000);

  it('attached images a model without vision cannot see: at most four are read, the rest say why not', async () => {
    const files: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const file = join(env.inbox, `receipt-${i}.png`);
      await textPng(file, `Receipt ${i} total ${i * 11} dollars`, 700);
      files.push(file);
    }
    const t = await scriptedTurn(env, {
      request: 'What do these receipts add up to?',
      attachments: files,
      chat: [outlineReply([], 'Which currency should I use?')],
    });
    expect(t.finished.status).toBe('question');
    const text = promptText(t.requests[0]!);
    for (let i = 1; i <= 4; i++)
      expect(text).toMatch(new RegExp(`receipt-${i}\\.png: [^\\n]*Text read by OCR \\(confidence \\d+\\): Receipt ${i} total ${i * 11} dollars`));
    expect(text).toMatch(/receipt-5\.png: [^\n]*\(text not read: at most 4 images are read before the program/);
  }, 120_000);
});
