import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('sends a message, shows the reply, and keeps the dark theme across a reload', async ({ page, host, pageProblems }, testInfo) => {
  await page.goto(host.url);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();

  const conversation = page.getByRole('log', { name: 'Conversation' });
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('hello switchboard');
  await page.getByRole('button', { name: 'Send' }).click();

  // No model is configured in the test host: the reply says how to set one up (never a fake answer).
  const reply = conversation.getByRole('listitem').filter({ hasText: 'No model is set up yet' });
  await expect(conversation.getByRole('listitem').filter({ has: page.getByText('hello switchboard', { exact: true }) })).toContainText('You');
  await expect(reply).toBeVisible();
  await expect(reply).toContainText('Switchboard');
  await expect(composer).toHaveValue('');

  // Shift+Enter is a newline, Enter sends.
  await composer.pressSequentially('line one');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('line two');
  await composer.press('Enter');
  await expect(conversation.getByText('line one\nline two', { exact: true })).toBeVisible();
  await expect(conversation.getByRole('listitem')).toHaveCount(4);
  await screenshot(page, testInfo, 'chat');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'About' }).click();
  const about = page.getByRole('region', { name: 'About Switchboard' });
  await expect(about).toContainText('0.0.0-test');
  await expect(about).toContainText(host.home);

  // A controlled radio follows core's state, so click and wait rather than check().
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Appearance' }).click();
  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, testInfo, 'settings-dark');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The address kept the panel: a reload opens Settings → Appearance again.
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await screenshot(page, testInfo, 'settings-dark-after-reload');

  expect(pageProblems).toEqual([]);
});

test('a wrong token shows that the page cannot connect, not a blank page', async ({ page, host }, testInfo) => {
  const refused = page.waitForEvent('websocket').then((ws) => ws.waitForEvent('socketerror'));
  await page.goto(`http://127.0.0.1:${host.port}/?token=not-the-token`);
  await refused;

  await expect(page.getByRole('heading', { level: 1, name: 'Cannot connect to Switchboard' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('not authorised');
  await expect(page.getByRole('button', { name: 'Try again now' })).toBeVisible();
  await screenshot(page, testInfo, 'wrong-token');
});

test('a missing token says the page is not authorised', async ({ page, host }, testInfo) => {
  await page.goto(`http://127.0.0.1:${host.port}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Cannot connect to Switchboard' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('without its access token');
  await screenshot(page, testInfo, 'missing-token');
});

test('a send that fails while the host is down keeps the text and says why; reconnecting recovers', async ({ page, host }, testInfo) => {
  await page.goto(host.url);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await expect(page.getByText('Connecting to Switchboard…')).toBeHidden();

  await host.stop();
  await expect(page.getByText('Connection lost.')).toBeVisible();
  await composer.fill('are you there?');
  await page.getByRole('button', { name: 'Send' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'Message not sent.' });
  await expect(failure).toContainText('UNAVAILABLE');
  await expect(composer).toHaveValue('are you there?');
  await screenshot(page, testInfo, 'send-failed');

  await host.start();
  // The backoff timer may reconnect before the button is pressed, which removes the banner and the button
  // with it; press it only while it is still there. Either way the page must recover on its own.
  await page
    .getByRole('button', { name: 'Try again now' })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  // A connection attempt already under way may fail first; the next backoff retry then succeeds.
  await expect(page.getByText('Connection lost.')).toBeHidden({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('log', { name: 'Conversation' }).getByText('are you there?', { exact: true })).toBeVisible();
  await expect(page.getByRole('log', { name: 'Conversation' }).getByRole('listitem').last()).toContainText('No model is set up yet');
  await expect(failure).toBeHidden();
  await expect(composer).toHaveValue('');
});
