import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome } from '../helpers/temp-home';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

test('Settings is in panels, each with its own address; a link, Back and a reload all land on the right one', async ({ page, host }) => {
  await page.goto(`${host.url}#settings/privacy`);
  const sections = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(sections.getByRole('link', { name: 'Privacy' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('switch', { name: 'Offline mode' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Models' })).toHaveCount(0);

  await sections.getByRole('link', { name: 'Voice' }).click();
  await expect(page).toHaveURL(/#settings\/voice$/);
  await expect(page.getByRole('switch', { name: 'Send voice messages immediately' })).toBeVisible();
  await sections.getByRole('link', { name: 'API packs' }).click();
  await expect(page.getByRole('region', { name: 'API packs' })).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/#settings\/voice$/);
  await expect(sections.getByRole('link', { name: 'Voice' })).toHaveAttribute('aria-current', 'page');
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Send voice messages immediately' })).toBeVisible();
  // The main navigation writes its own address too.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'APIs' }).click();
  await expect(page).toHaveURL(/#apis$/);
});

test('Settings → Folders: ~ is expanded, a folder must exist, and refusals are sentences beside the form', async ({ page }) => {
  const person = await tempHome('switchboard-e2e-person-');
  await mkdir(join(person.dir, 'Documents'));
  const { core, host, close } = await openHost({ env: { HOME: person.dir } });
  try {
    await page.goto(`${host.url}#settings/folders`);
    const panel = page.getByRole('region', { name: 'Folders' });
    const path = panel.getByLabel('Folder path');

    await path.fill('~/Nowhere');
    await path.press('Enter');
    const problem = panel.getByRole('alert');
    await expect(problem).toHaveText(`There is no folder at ${join(person.dir, 'Nowhere')}. Check the spelling, or create the folder first.`);
    await expect(path).toHaveAttribute('aria-invalid', 'true');
    await expect(path).toHaveValue('~/Nowhere');
    expect(core.settings.get().workspace.folders).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);

    await path.fill('Documents');
    await panel.getByRole('button', { name: 'Add folder' }).click();
    await expect(problem).toHaveText(/^"Documents" is not a full path\. Start it with \/ \(or ~ for your home folder\)/);
    await expect(problem).not.toContainText('INVALID_INPUT');

    await path.fill('~/Documents');
    await path.press('Enter');
    const folders = panel.getByRole('list', { name: 'Folders Switchboard may use' });
    await expect(folders).toContainText(join(person.dir, 'Documents'));
    await expect(path).toHaveValue('');
    await expect(problem).toHaveCount(0);
    await expect.poll(() => core.settings.get().workspace.folders).toEqual([join(person.dir, 'Documents')]);
    // The Remove button's name starts with what it shows (axe's label-content-name-mismatch).
    expect(await seriousViolations(page)).toEqual([]);
    await folders.getByRole('button', { name: `Remove ${join(person.dir, 'Documents')}` }).click();
    await expect(panel.getByText('No folder yet')).toBeVisible();
    await expect.poll(() => core.settings.get().workspace.folders).toEqual([]);
  } finally {
    await close();
    await person.cleanup();
  }
});
