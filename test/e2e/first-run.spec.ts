import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startOpenAiServer } from '../helpers/openai-server';
import { sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

const TINY_SHA256 = '81f226c62d28ed4a1a9b9fa080fcd9f0cc40e0f9d5680036583ff98fbcd035cb';

/** A model mirror on 127.0.0.1 that refuses (HTTP 403) until told to serve. */
async function flakyMirror(file: string) {
  const bytes = await readFile(file);
  let failing = true;
  const server = createServer((_req, res) => {
    if (failing) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length }).end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tiny.gguf`,
    serve: () => void (failing = false),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A window opened for the first time: its own context, so nothing remembers an earlier set-up. */
async function firstWindow(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}

async function hostWithTinyCatalog(url: string) {
  const work = await tempHome('switchboard-e2e-first-run-');
  const catalog = join(work.dir, 'catalog.json');
  await writeFile(
    catalog,
    JSON.stringify([
      {
        id: 'tiny',
        kind: 'chat',
        label: 'Tiny random llama (GGUF)',
        file: 'tiny.gguf',
        url,
        size: 1_750_560,
        sha256: TINY_SHA256,
        license: 'MIT',
        description: 'A test model with random weights.',
      },
    ]),
  );
  const opened = await openHost({ env: { SWITCHBOARD_MODEL_CATALOG: catalog } });
  await opened.core.settings.set({ models: { local: { chatModel: 'tiny' } } });
  return { ...opened, close: async () => (await opened.close(), await work.cleanup()) };
}

test('first run: the window opens on the set-up; a failed download says why beside the button, and Try again finishes it', async ({ browser }, testInfo) => {
  const mirror = await flakyMirror(sharedModel('llama-2-tiny-random.gguf'));
  const { core, host, close } = await hostWithTinyCatalog(mirror.url);
  try {
    const page = await firstWindow(browser, host.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Set up a model' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    const local = page.getByRole('region', { name: 'Download the recommended model' });
    await expect(local).toContainText('The download is 1.7 MB; it needs about 2.1 MB of free memory');
    expect(await seriousViolations(page)).toEqual([]);

    const row = local.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Tiny random llama/ }) });
    await row.getByRole('button', { name: 'Download Tiny random llama (GGUF)' }).click();
    const problem = row.getByRole('alert');
    await expect(problem).toHaveText(/^The download did not finish\. Downloading http:\/\/127\.0\.0\.1:\d+\/tiny\.gguf failed: HTTP 403\.$/);
    await expect(row.getByRole('button', { name: 'Download Tiny random llama (GGUF)' })).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('first-run-download-error.png'), fullPage: true });

    mirror.serve();
    await row.getByRole('button', { name: 'Try again Tiny random llama (GGUF)' }).click();
    await expect(row).toContainText('installed');
    await expect(problem).toHaveCount(0);
    expect((await core.models.list()).find((m) => m.entry.id === 'tiny')?.installed).toBe(true);
    await local.getByRole('button', { name: 'Start using Tiny random llama' }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    // The window remembers: a reload opens on the chat.
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Set up a model' })).toHaveCount(0);
  } finally {
    await close();
    await mirror.close();
  }
});

test('first run: connect a service with its key and test it, or skip; the reply then names no command to type', async ({ browser }) => {
  const KEY = 'sk-e2e-first-run-0123456789';
  const endpoint = await startOpenAiServer({ apiKey: KEY, models: ['scripted-planner'] });
  const { core, host, close } = await hostWithTinyCatalog('http://127.0.0.1:9/none.gguf');
  try {
    const page = await firstWindow(browser, host.url);
    const service = page.getByRole('region', { name: 'Or connect a model service' });
    await service.getByRole('button', { name: 'Connect a service' }).click();
    await service.getByLabel('Service').selectOption({ label: 'Other OpenAI-compatible endpoint' });
    await service.getByLabel('Base URL').fill(endpoint.baseURL);
    await service.getByLabel('Base URL').press('Enter');
    await expect.poll(() => core.settings.get().models.openai.baseURL).toBe(endpoint.baseURL);
    await service.getByRole('button', { name: 'Test connection' }).click();
    await expect(service.getByRole('status').filter({ hasText: 'Does not work' })).toBeVisible();
    await service.getByLabel(/^API key/).fill(KEY);
    await service.getByRole('button', { name: 'Save key' }).click();
    await expect(service.getByText(/^A key is saved;/)).toBeVisible();
    await service.getByRole('button', { name: 'Test connection' }).click();
    await expect(service.getByRole('status').filter({ hasText: 'Works' })).toContainText('scripted-planner');
    expect(await seriousViolations(page)).toEqual([]);
    await service.getByRole('button', { name: 'Start using this service' }).click();
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeVisible();

    // Another first window, on a core with no usable model: Skip opens the chat; the reply says where to go.
    await core.settings.set({ models: { provider: 'local' } });
    const fresh = await firstWindow(browser, host.url);
    await fresh.getByRole('button', { name: 'Skip for now' }).click();
    const composer = fresh.getByRole('textbox', { name: 'Message' });
    await composer.fill('make a chart');
    await composer.press('Enter');
    const reply = fresh.getByRole('log', { name: 'Conversation' }).getByRole('listitem').last();
    await expect(reply).toContainText('Open Settings → Models');
    await expect(reply).not.toContainText('switchboard ');
    await expect(reply).not.toContainText('`');
  } finally {
    await close();
    await endpoint.close();
  }
});
