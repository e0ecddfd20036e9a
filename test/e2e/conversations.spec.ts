import { expect, test } from './fixtures';
import { seriousViolations } from './axe';

test('conversations are kept, listed, searched, reopened after a reload, renamed and deleted', async ({ page, host, pageProblems }, testInfo) => {
  await page.goto(host.url);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const composer = page.getByRole('textbox', { name: 'Message' });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(sidebar.getByText('No conversations yet.')).toBeVisible();

  await composer.fill('Budget for the offsite');
  await composer.press('Enter');
  await expect(log.getByRole('listitem').last()).toContainText('No model is set up yet');
  await expect(sidebar.getByRole('button', { name: /^Budget for the offsite/ })).toBeVisible();

  await sidebar.getByRole('button', { name: 'New conversation' }).click();
  await expect(log.getByRole('listitem')).toHaveCount(0);
  await composer.fill('Rename the photos by date');
  await composer.press('Enter');
  await expect(log.getByRole('listitem').last()).toContainText('No model is set up yet');
  await expect(log.getByRole('listitem')).toHaveCount(2);

  // Newest first, and the list survives a reload because core keeps it on disk.
  await page.reload();
  const rows = sidebar.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Rename the photos by date');
  await sidebar.getByRole('button', { name: /^Budget for the offsite/ }).click();
  await expect(log.getByText('Budget for the offsite', { exact: true })).toBeVisible();
  await expect(log.getByRole('listitem')).toHaveCount(2);

  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill('photos');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Rename the photos by date');
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  await expect(rows).toHaveCount(2);

  await sidebar.getByRole('button', { name: 'Rename Budget for the offsite' }).click();
  await sidebar.getByRole('textbox', { name: 'New title for Budget for the offsite' }).fill('Offsite budget');
  await sidebar.getByRole('button', { name: 'Save' }).click();
  await expect(sidebar.getByRole('button', { name: /^Offsite budget/ })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('conversations.png') });

  await sidebar.getByRole('button', { name: 'Delete Offsite budget…' }).click();
  await sidebar.getByRole('group', { name: 'Confirm deleting Offsite budget' }).getByRole('button', { name: 'Delete' }).click();
  await expect(rows).toHaveCount(1);
  // It was the open conversation: the chat starts afresh.
  await expect(log.getByRole('listitem')).toHaveCount(0);
  expect(host.core.conversations.list().map((c) => c.title)).toEqual(['Rename the photos by date']);
  expect(pageProblems).toEqual([]);
});

test('a long conversation renders its latest messages and shows earlier ones on request', async ({ page, host }) => {
  for (let i = 1; i <= 130; i++) {
    await host.core.conversations.append({
      id: `m${i}`,
      conversationId: 'long',
      role: i % 2 ? 'user' : 'assistant',
      text: `message ${i}`,
      createdAt: new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(),
    });
  }
  await page.goto(host.url);
  await page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: /^message 1\b/ })
    .click();
  const items = page.getByRole('log', { name: 'Conversation' }).getByRole('listitem');
  await expect(items).toHaveCount(60);
  await expect(items.last()).toContainText('message 130');
  await page.getByRole('button', { name: 'Show 60 earlier messages (70 hidden)' }).click();
  await expect(items).toHaveCount(120);
  await page.getByRole('button', { name: 'Show 10 earlier messages (10 hidden)' }).click();
  await expect(items).toHaveCount(130);
  await expect(items.first()).toContainText('message 1');
});
