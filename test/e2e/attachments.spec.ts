import type { Page } from '@playwright/test';
import { builtinPacks } from '../../apis';
import { startOpenAiServer } from '../helpers/openai-server';
import { outlineReply, promptText } from '../helpers/planner';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Drops files on the page the way a file manager does (a DataTransfer with File objects). */
async function dropFiles(page: Page, files: { name: string; type: string; text?: string; base64?: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((specs) => {
    const dt = new DataTransfer();
    for (const f of specs) {
      const bytes = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new TextEncoder().encode(f.text ?? '');
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, files);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
}

test('files dropped on the window and images pasted into the composer go with the message, and the planner reads them', async ({ page }) => {
  const endpoint = await startOpenAiServer({ chat: [outlineReply([], 'Which column should the chart use?')] });
  const { core, host, close } = await openHost({ packs: builtinPacks });
  await core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: endpoint.baseURL, models: { planner: 'scripted' }, jsonSchema: true } },
  });
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'APIs' }).click();
    await dropFiles(page, [{ name: 'people.csv', type: 'text/csv', text: 'name,age\nAda,36\nAlan,41\n' }]);
    // A drop anywhere opens the chat with the file as a chip.
    const chips = page.getByRole('list', { name: 'Attachments' });
    await expect(chips.getByRole('listitem').filter({ hasText: 'people.csv' })).toContainText('CSV table · 24 bytes');

    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.focus();
    await composer.evaluate((el, base64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], '', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG);
    const pasted = chips.getByRole('listitem').filter({ hasText: 'PNG image' });
    await expect(pasted).toContainText('pasted-');
    expect(await seriousViolations(page)).toEqual([]);
    await pasted.getByRole('button', { name: /^Remove pasted-/ }).click();
    await expect(chips.getByRole('listitem')).toHaveCount(1);

    await composer.fill('Chart these ages');
    await composer.press('Enter');
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log.getByText('Which column should the chart use?')).toBeVisible({ timeout: 60_000 });
    await expect(log.getByRole('list', { name: 'Attached files' })).toContainText('people.csv');
    await expect(page.getByRole('list', { name: 'Attachments' })).toHaveCount(0);
    // The planner read the file with the document readers: its columns and types reached the model.
    expect(promptText(endpoint.chatRequests()[0]!)).toContain('name (text), age (number)');
  } finally {
    await close();
    await endpoint.close();
  }
});

test('a keyboard user attaches files with the Attach button and the file dialog; chips name the kind in words', async ({ page, host }) => {
  await page.goto(host.url);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.focus();
  // Tab from the message box reaches the Attach button; Enter opens the system file dialog.
  const button = page.getByRole('button', { name: 'Attach files…' });
  for (let i = 0; i < 10 && !(await button.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  const dialog = await chooser;
  expect(dialog.isMultiple()).toBe(true);
  await dialog.setFiles([
    { name: 'budget.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.alloc(3174, 1) },
    { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') },
  ]);
  const chips = page.getByRole('list', { name: 'Attachments' });
  await expect(chips.getByRole('listitem').filter({ hasText: 'budget.xlsx' })).toContainText('Excel workbook · 3.1 KB');
  await expect(chips.getByRole('listitem').filter({ hasText: 'scan.pdf' })).toContainText('PDF · 15 bytes');
  await expect(chips.getByRole('listitem').filter({ hasText: 'logo.png' })).toContainText('PNG image · 70 bytes');
  await expect(chips).not.toContainText('application/');
  // The files reached core as attachments (each chip turns ready once core holds it).
  await expect(chips.getByText('adding…')).toHaveCount(0);
  await expect(chips.getByText('not added')).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  // Removing a chip by keyboard.
  await chips.getByRole('button', { name: 'Remove scan.pdf' }).focus();
  await page.keyboard.press('Enter');
  await expect(chips.getByRole('listitem')).toHaveCount(2);
});
