import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { imagePart, isImage, summarizeAttachment } from './attachments';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome('switchboard-attach-')));
afterEach(() => home.cleanup());

describe('attachment summaries (until the document readers are handed in)', () => {
  it('summarises a text file by its start, other files by metadata, and defers to a reader when given', async () => {
    const csv = join(home.dir, 'sales.csv');
    await writeFile(csv, 'region,total\nnorth,10\n'.repeat(100));
    const summary = await summarizeAttachment(csv);
    expect(summary.name).toBe('sales.csv');
    expect(summary.summary).toMatch(/^csv, 2200 bytes\. Starts: region,total north,10/);
    expect(summary.summary.endsWith('…')).toBe(true);
    const xlsx = join(home.dir, 'budget.xlsx');
    await writeFile(xlsx, Buffer.from([0x50, 0x4b, 3, 4]));
    expect((await summarizeAttachment(xlsx)).summary).toMatch(/^xlsx, 4 bytes\. \(Its content is not summarised yet/);
    expect((await summarizeAttachment(xlsx, async () => 'Sheet1: 3 columns, 12 rows')).summary).toBe('xlsx, 4 bytes. Sheet1: 3 columns, 12 rows');
  });

  it('turns an image into a data: URL part', async () => {
    const png = join(home.dir, 'chart.PNG');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(isImage(png)).toBe(true);
    expect(isImage(join(home.dir, 'a.txt'))).toBe(false);
    expect(await imagePart(png)).toEqual({ type: 'image', url: 'data:image/png;base64,iVBORw==', detail: 'auto' });
  });
});
