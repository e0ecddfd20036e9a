import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome } from '../helpers/temp-home';
import { startFileServer } from '../helpers/file-server';
import { startOpenAiServer } from '../helpers/openai-server';
import { sharedModel } from '../helpers/shared-models';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const KEY = 'sk-e2e-0123456789abcdef';

test('Settings → Models: an OpenAI-compatible endpoint with a key, a connection test, and a model download', async ({ page }, testInfo) => {
  const endpoint = await startOpenAiServer({ apiKey: KEY, models: ['scripted-planner', 'scripted-coder'] });
  const files = await startFileServer({ '/tiny.gguf': { file: sharedModel('llama-2-tiny-random.gguf'), stallAfterBytes: 600_000 } });
  const work = await tempHome('switchboard-e2e-models-');
  const catalog = join(work.dir, 'catalog.json');
  await writeFile(
    catalog,
    JSON.stringify([
      {
        id: 'tiny',
        kind: 'chat',
        label: 'Tiny random llama',
        file: 'tiny.gguf',
        url: files.url('/tiny.gguf'),
        size: 1_750_560,
        sha256: '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb',
        license: 'MIT',
        description: 'A test model with random weights.',
      },
    ]),
  );
  const { core, home, host, close } = await openHost({ env: { SWITCHBOARD_MODEL_CATALOG: catalog } });
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Models' }).click();
    await expect(page).toHaveURL(/#settings\/models$/);
    const panel = page.getByRole('region', { name: 'Models' });
    await panel.getByRole('radio', { name: 'An OpenAI-compatible endpoint' }).click();
    await panel.getByLabel('Service').selectOption({ label: 'Other OpenAI-compatible endpoint' });
    await expect.poll(() => core.settings.get().models.openai.preset).toBe('custom');
    await panel.getByLabel('Base URL').fill(endpoint.baseURL);
    await panel.getByLabel('Base URL').press('Enter');
    await expect.poll(() => core.settings.get().models.openai.baseURL).toBe(endpoint.baseURL);

    // Without a key the endpoint refuses, and the test says so.
    await panel.getByRole('button', { name: 'Test connection' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Does not work' })).toBeVisible();

    await panel.getByLabel(/^API key/).fill(KEY);
    await panel.getByRole('button', { name: 'Save key' }).click();
    await expect(panel.getByText(/^A key is saved;/)).toBeVisible();
    await expect(panel.getByLabel(/^API key/)).toHaveValue('');
    await panel.getByRole('button', { name: 'Test connection' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Works' })).toContainText('scripted-planner');
    // The key went to the secret store, never to the settings file.
    expect(await readFile(join(home, 'settings.json'), 'utf8')).not.toContain(KEY);
    expect(await readFile(join(home, 'secrets.json'), 'utf8')).toBeTruthy();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('models-settings.png'), fullPage: true });

    // A download shows progress (the server holds the rest back until released), then completes and verifies.
    const row = panel.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Tiny random llama/ }) });
    await row.getByRole('button', { name: 'Download Tiny random llama' }).click();
    await expect(row.getByRole('progressbar', { name: 'Downloading Tiny random llama' })).toBeVisible();
    files.release();
    await expect(row).toContainText('installed');
    await row.getByRole('button', { name: 'Remove Tiny random llama' }).click();
    await expect(row).toContainText('not downloaded');
  } finally {
    await close();
    await files.close();
    await endpoint.close();
    await work.cleanup();
  }
});
