import { seriousViolations } from './axe';
import { expect, test } from './fixtures';

test('keyboard: shortcuts move between pages and conversations, and the help overlay lists them', async ({ page, host }) => {
  await page.goto(host.url);
  const composer = page.getByRole('textbox', { name: 'Message' });
  await expect(page.getByText('Connecting to Switchboard…')).toBeHidden();

  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: 'APIs' })).toBeVisible();
  await page.keyboard.press('Control+3');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(composer).toBeFocused();

  // Typed characters stay in the text field; Ctrl shortcuts still work there.
  await composer.pressSequentially('what is ? and /');
  await expect(composer).toHaveValue('what is ? and /');
  await expect(page.getByRole('dialog')).toBeHidden();
  await composer.press('Enter');
  await expect(page.getByRole('log', { name: 'Conversation' }).getByRole('listitem')).toHaveCount(2);
  await page.keyboard.press('Control+Shift+O');
  await expect(page.getByRole('log', { name: 'Conversation' }).getByRole('listitem')).toHaveCount(0);
  await expect(composer).toBeFocused();
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('searchbox', { name: 'Search conversations' })).toBeFocused();

  await page.getByRole('button', { name: 'Settings', exact: true }).focus();
  await page.keyboard.press('Shift+?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row', { name: /Show keyboard shortcuts/ })).toContainText('? or F1');
  await expect(dialog.getByRole('row', { name: /New conversation/ })).toContainText('Ctrl+Shift+O');
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // Focus returns to where it was.
  await expect(page.getByRole('button', { name: 'Settings', exact: true })).toBeFocused();

  // Everything in the header is reachable with Tab, and the focused control is visibly outlined.
  await page.keyboard.press('Tab');
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('Keyboard shortcuts');
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('the composer recalls earlier requests with Up and Down, and gives back the unsent draft', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByText('Connecting to Switchboard…')).toBeHidden();
  const composer = page.getByRole('textbox', { name: 'Message' });
  const log = page.getByRole('log', { name: 'Conversation' });
  for (const [i, text] of ['make a deck', 'add a totals row'].entries()) {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(log.getByRole('listitem')).toHaveCount(2 * (i + 1));
  }
  await composer.fill('half written');
  await composer.press('ArrowUp');
  await expect(composer).toHaveValue('add a totals row');
  await composer.press('ArrowUp');
  await expect(composer).toHaveValue('make a deck');
  await composer.press('ArrowUp');
  await expect(composer).toHaveValue('make a deck');
  await composer.press('ArrowDown');
  await expect(composer).toHaveValue('add a totals row');
  await composer.press('ArrowDown');
  await expect(composer).toHaveValue('half written');
  // On a multi-line draft, Up moves the caret between lines instead.
  await composer.fill('line one\nline two');
  await composer.press('ArrowUp');
  await expect(composer).toHaveValue('line one\nline two');
});
