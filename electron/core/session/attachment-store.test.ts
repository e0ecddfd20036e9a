import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { AppError } from '../../shared/result';
import { AttachmentStore, safeName } from './attachment-store';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

it('keeps an attachment under a safe name and resolves its id to the file', async () => {
  const store = new AttachmentStore(join(home.dir, 'attachments'));
  const added = await store.add('../../etc/people.csv', 'text/csv', Buffer.from('name,age\nAda,36\n'));
  expect(added).toMatchObject({ name: 'people.csv', type: 'text/csv', size: 16 });
  const [resolved] = await store.resolve([added.id]);
  expect(resolved!.attachment).toEqual(added);
  expect(resolved!.path.startsWith(join(home.dir, 'attachments', added.id))).toBe(true);
  expect(await readFile(resolved!.path, 'utf8')).toBe('name,age\nAda,36\n');
  await expect(store.resolve(['0123456789abcdef'])).rejects.toThrow(AppError);
  await expect(store.resolve(['../x'])).rejects.toThrow(/not an attachment id/);
  await expect(store.add('big.bin', '', new Uint8Array(5 * 1024 * 1024 + 1))).rejects.toThrow(/larger than 5 MB/);
});

it('reduces names to a plain file name', () => {
  expect(safeName('C:\\\\Users\\\\me\\\\report.docx')).toBe('report.docx');
  expect(safeName('..')).toBe('attachment');
  expect(safeName('.bashrc')).toBe('bashrc');
  expect(safeName('a\u0000b<c>.txt')).toBe('a_b_c_.txt');
});
