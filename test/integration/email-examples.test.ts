import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailPack } from '../../apis/email/pack';
import { packDocuments } from '../../apis/sdk';
import { apiContext, runSnippet } from '../helpers/api-harness';
import { exampleTypeErrors } from '../helpers/pack-examples';
import { writeExampleFiles } from '../helpers/office-fixtures';
import { testStaging } from '../helpers/staging';

const docs = packDocuments(emailPack);
const examples = docs.flatMap((d) => d.examples.map((code, i) => ({ name: `${d.name} #${i + 1}`, code })));

/** A small folder mailbox in OfficeBench's layout for the examples to read. */
async function writeMailbox(root: string): Promise<void> {
  await writeExampleFiles(root);
  await copyFile(join(root, 'report.docx'), join(root, 'minutes.docx'));
  await mkdir(join(root, 'emails/Bob'), { recursive: true });
  await mkdir(join(root, 'emails/Alice'), { recursive: true });
  const message = (subject: string, date: string, body: string[]) =>
    ['From: Carol <carol@example.com>', 'To: Bob <bob@example.com>', `Subject: ${subject}`, `Date: ${date}`, 'Message-ID: <m1@example.com>', ...body].join(
      '\r\n',
    );
  await writeFile(
    join(root, 'emails/Bob/meeting.eml'),
    message('scheduled meeting', 'Sat, 23 Mar 2024 10:00:00 +0000', ['Content-Type: text/plain', '', 'Can we meet at 3 pm?', '']),
  );
  await writeFile(
    join(root, 'emails/Alice/scores.eml'),
    message('Score table and report', 'Tue, 02 Apr 2024 09:00:00 +0000', [
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The report and the table:</p><table><tr><th>Name</th><th>Score</th></tr><tr><td>Alice</td><td>100</td></tr></table>',
      '--b',
      'Content-Type: text/csv; name="scores.csv"',
      'Content-Disposition: attachment; filename="scores.csv"',
      '',
      'Name,Score',
      'Alice,100',
      '--b--',
      '',
    ]),
  );
}

describe('email pack documents', () => {
  it('are complete: description with inputs, output and errors, an example, composition; send asks first', () => {
    for (const d of docs) {
      expect(d.description.length, d.name).toBeGreaterThan(120);
      expect(d.description, d.name).toMatch(/Inputs:[\s\S]*Output:[\s\S]*Errors:/);
      expect(d.examples.length, d.name).toBeGreaterThan(0);
      expect(d.composition.length, d.name).toBeGreaterThan(20);
    }
    expect(Object.fromEntries(docs.map((d) => [d.name, d.effects]))).toEqual({
      'email.listMessages': 'read',
      'email.readMessage': 'stage',
      'email.compose': 'stage',
      'email.reply': 'stage',
      'email.send': 'external',
    });
  });

  it('have examples that type-check against the generated declarations', () => {
    expect(exampleTypeErrors(docs, examples)).toEqual([]);
  });

  it.each(examples)('runs $name against the implementation', async ({ code }) => {
    const root = await mkdtemp(join(tmpdir(), 'email-example-'));
    try {
      await writeMailbox(root);
      const staging = await testStaging([root]);
      await runSnippet([emailPack], code, apiContext(staging));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
