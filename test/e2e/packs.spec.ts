import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { npmPack } from '../helpers/npm-pack';
import { seriousViolations } from './axe';
import { expect, test } from './fixtures';

const weather = fileURLToPath(new URL('../fixtures/platform/weather-pack', import.meta.url));
const tricky = fileURLToPath(new URL('../fixtures/packs/tricky-pack', import.meta.url));

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('installs a pack from a .tgz in settings, finds its API in the catalogue with usage, and removes it', async ({ page, host, pageProblems }, testInfo) => {
  const work = await mkdtemp(join(tmpdir(), 'switchboard-e2e-pack-'));
  try {
    const tgz = await npmPack(weather, work);
    await page.goto(host.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API packs' }).click();
    const packs = page.getByRole('region', { name: 'API packs' });
    await expect(packs.getByText('No packs installed yet.')).toBeVisible();

    // A bad source is refused with a reason, and nothing is installed.
    await packs.getByLabel('Pack source').fill(join(work, 'missing.tgz'));
    await packs.getByRole('button', { name: 'Install' }).click();
    await expect(packs.getByRole('alert').filter({ hasText: 'Pack not installed.' })).toBeVisible();
    await expect(packs.getByText('No packs installed yet.')).toBeVisible();
    await packs.getByRole('button', { name: 'Dismiss: Pack not installed.' }).click();

    // Install first shows what the pack asks for; Escape cancels and installs nothing.
    await packs.getByLabel('Pack source').fill(tgz);
    await packs.getByRole('button', { name: 'Install' }).click();
    const confirm = page.getByRole('dialog', { name: 'Install switchboard-pack-weather 1.0.0?' });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText('weather.forecast');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(packs.getByText('No packs installed yet.')).toBeVisible();

    await packs.getByRole('button', { name: 'Install' }).click();
    await confirm.getByRole('button', { name: 'Install' }).click();
    await expect(packs.getByRole('status')).toHaveText('Installed switchboard-pack-weather 1.0.0 with 1 API.');
    const row = packs.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /switchboard-pack-weather/ }) });
    await expect(row).toContainText('JavaScript pack (own process)');
    await expect(row).toContainText('weather.forecast');
    await expect(row).toContainText('No folders, no network.');
    await expect(packs.getByLabel('Pack source')).toHaveValue('');
    await screenshot(page, testInfo, 'settings-packs');
    expect(await seriousViolations(page)).toEqual([]);

    // The catalogue finds it by a word of its description, and shows the document.
    await nav.getByRole('button', { name: 'APIs' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'APIs' })).toBeFocused();
    await page.getByRole('searchbox', { name: 'Search APIs' }).fill('forec');
    const list = page.getByRole('list', { name: 'Matching APIs' });
    await expect(list.getByRole('button')).toHaveCount(1);
    await list.getByRole('button', { name: /weather\.forecast/ }).click();
    const doc = page.getByRole('article', { name: 'weather.forecast' });
    await expect(doc).toContainText('Forecast the weather for a city over the next days.');
    await expect(doc.getByRole('row', { name: /city/ })).toContainText('string');
    await expect(doc.getByRole('row', { name: /city/ })).toContainText('yes');
    await expect(doc.getByRole('row', { name: /days/ })).toContainText('3');
    await expect(doc.getByLabel('Example 1')).toContainText("weather.forecast({ city: 'Oslo', days: 2 })");
    await expect(doc).toContainText('Not used yet.');

    // Usage figures follow real calls.
    await host.core.packs.call('weather.forecast', { city: 'Oslo' }, { signal: new AbortController().signal, roots: [] });
    await host.core.packs.call('weather.forecast', { days: 2 }, { signal: new AbortController().signal, roots: [] });
    await page.getByRole('searchbox', { name: 'Search APIs' }).fill('');
    await page.getByRole('button', { name: /weather\.forecast/ }).click();
    await expect(doc.getByRole('definition').first()).toHaveText('2');
    await expect(doc).toContainText('INVALID_ARGUMENTS 1');
    await doc.getByText(/Declaration the model sees/).click();
    await expect(doc.getByLabel('Declaration')).toContainText('declare namespace weather');
    await screenshot(page, testInfo, 'catalogue');
    expect(await seriousViolations(page)).toEqual([]);

    // Remove asks once more, inline, then the API leaves the catalogue.
    await nav.getByRole('button', { name: 'Settings', exact: true }).click();
    await row.getByRole('button', { name: 'Remove switchboard-pack-weather…' }).click();
    await row.getByRole('button', { name: 'Remove switchboard-pack-weather', exact: true }).click();
    await expect(packs.getByRole('status')).toHaveText('Removed switchboard-pack-weather.');
    await expect(packs.getByText('No packs installed yet.')).toBeVisible();
    await nav.getByRole('button', { name: 'APIs' }).click();
    await expect(page.getByRole('button', { name: /weather\.forecast/ })).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('a pack installed from elsewhere (the CLI, another window) appears at once', async ({ page, host }) => {
  const work = await mkdtemp(join(tmpdir(), 'switchboard-e2e-pack-'));
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'APIs' }).click();
    await expect(page.getByRole('status')).toHaveText(/^0 of 0 APIs$/);
    await host.core.packs.add(await npmPack(weather, work));
    await expect(page.getByRole('button', { name: /weather\.forecast/ })).toBeVisible();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('the chat and settings views have no serious accessibility violations, in both themes', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByText('Connecting to Switchboard…')).toBeHidden();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
  // Every settings panel, in the light theme, then the chat in the dark one.
  const sections = page.getByRole('navigation', { name: 'Settings sections' });
  for (const name of ['Folders', 'Models', 'Voice', 'API packs', 'Privacy', 'About', 'Appearance']) {
    await sections.getByRole('link', { name }).click();
    await expect(sections.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
    expect(await seriousViolations(page), name).toEqual([]);
  }
  await page.getByRole('radio', { name: 'Dark' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  expect(await seriousViolations(page)).toEqual([]);
});

test('a pack’s permissions: take a host back, and make an always-allowed API ask again', async ({ page, host, pageProblems }, testInfo) => {
  const work = await mkdtemp(join(tmpdir(), 'switchboard-e2e-grants-'));
  try {
    const source = join(work, 'tricky-pack');
    await cp(tricky, source, { recursive: true });
    await host.core.packs.add(source);
    // One run answered "always" for tricky.write (it is destructive, so it asked).
    await host.core.executor.run(`try { await tricky.write({ path: '/nowhere/x' }); } catch {}`, {
      onEvent: (event) => {
        if (event.type === 'run.approval.requested') host.core.executor.approve(event.runId, event.requestId, 'always');
      },
    });

    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API packs' }).click();
    const packs = page.getByRole('region', { name: 'API packs' });
    const form = packs.getByRole('form', { name: 'Permissions of switchboard-pack-tricky' });
    const host1 = form.getByRole('checkbox', { name: 'allowed.invalid' });
    await expect(host1).toBeChecked();
    await expect(form.getByRole('button', { name: 'Save permissions of switchboard-pack-tricky' })).toBeDisabled();
    await host1.uncheck();
    await form.getByRole('button', { name: 'Save permissions of switchboard-pack-tricky' }).click();
    await expect(packs.getByRole('status').first()).toHaveText('Saved the permissions of switchboard-pack-tricky.');
    await expect.poll(() => host.core.packs.granted(host.core.registry.getPack('switchboard-pack-tricky')!).hosts).toEqual([]);
    await expect(host1).not.toBeChecked();

    const always = packs.getByRole('group', { name: 'APIs of switchboard-pack-tricky allowed without asking' });
    await expect(always).toContainText('tricky.write');
    await screenshot(page, testInfo, 'pack-permissions');
    expect(await seriousViolations(page)).toEqual([]);
    await always.getByRole('button', { name: 'Ask before tricky.write again' }).click();
    await expect(packs.getByRole('status').first()).toHaveText('tricky.write will ask before each call again.');
    await expect(always).toHaveCount(0);
    expect(JSON.parse(await readFile(join(host.home, 'approvals.json'), 'utf8'))).toEqual({ always: [] });
    expect(pageProblems).toEqual([]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
