import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { isSilent, parseWav, rms } from '../../electron/shared/wav';
import { CHROMIUM_PATH } from '../helpers/chromium';
import { startOpenAiServer, type ScriptedOpenAiServer } from '../helpers/openai-server';
import { startFileServer } from '../helpers/file-server';
import { haveSharedModels, sharedModel } from '../helpers/shared-models';
import { tempHome } from '../helpers/temp-home';
import { seriousViolations } from './axe';
import { expect, openHost, test } from './fixtures';

// Chromium's fake microphone plays ../shared/models/jfk.wav (read at run time, never copied) in a loop.
const STUB = 'for-tests-ggml-tiny.en.bin';
const STUB_SHA256 = 'dd6b7796204a1cdf7164666423034e6e1a7a3e9f5c22327b4b7974c4584bd82d';
const ready = haveSharedModels(['jfk.wav', STUB]);
test.skip(!ready, 'jfk.wav or the whisper test model is missing from the shared models folder');
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${sharedModel('jfk.wav')}`,
    ],
  },
});

const TRANSCRIPT = 'And so, my fellow Americans, ask not what your country can do for you.';

/** A host whose endpoint has a transcription model: the scripted server answers with TRANSCRIPT. */
async function hostWithEndpoint(server: ScriptedOpenAiServer) {
  const opened = await openHost();
  await opened.core.settings.set({
    models: { provider: 'openai', openai: { preset: 'custom', baseURL: server.baseURL, models: { transcription: 'whisper-scripted' } } },
  });
  return opened;
}

/** Waits until the meter shows sound, then keeps holding for about two more seconds of speech. */
async function whileRecording(page: Page, during?: () => Promise<void>): Promise<void> {
  const meter = page.getByRole('meter', { name: 'Microphone level' });
  await expect(meter).toBeVisible();
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(0);
  await during?.();
  await page.waitForTimeout(2_000);
}

/** The WAV the endpoint received: 16 kHz mono 16-bit, 1.5-20 s long, and not silent. */
function expectSpeechWav(bytes: Buffer): void {
  const wav = parseWav(new Uint8Array(bytes));
  expect({ rate: wav.sampleRate, channels: wav.channels, bits: wav.bitsPerSample }).toEqual({ rate: 16_000, channels: 1, bits: 16 });
  expect(wav.durationMs).toBeGreaterThan(1_500);
  expect(wav.durationMs).toBeLessThan(20_000);
  expect(isSilent(wav.samples)).toBe(false);
  expect(rms(wav.samples)).toBeGreaterThan(0.01);
}

const talkButton = (page: Page): Locator => page.getByRole('button', { name: /Hold to talk|Recording/ });

/** Holds the push-to-talk button with the mouse while the fake microphone speaks, then lets go. */
async function holdToTalk(page: Page): Promise<void> {
  await talkButton(page).hover();
  await page.mouse.down();
  await whileRecording(page);
  await page.mouse.up();
}

test('push-to-talk: hold the button, the fake microphone (jfk.wav) reaches the endpoint as a 16 kHz mono WAV and the transcript lands in the composer', async ({
  page,
  pageProblems,
}, testInfo) => {
  const server = await startOpenAiServer({ transcription: () => ({ text: ` ${TRANSCRIPT} ` }) });
  const { host, close } = await hostWithEndpoint(server);
  try {
    await page.goto(host.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Dictated:');
    const button = talkButton(page);
    await button.hover();
    await page.mouse.down();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await whileRecording(page, async () => {
      await expect(page.getByRole('status').filter({ hasText: 'Recording. Release to transcribe.' })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath('voice-recording.png') });
    });
    await page.mouse.up();

    await expect(composer).toHaveValue(`Dictated: ${TRANSCRIPT}`);
    await expect(composer).toBeFocused();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    const [request] = server.transcriptionRequests();
    expect(request?.model).toBe('whisper-scripted');
    expectSpeechWav(request!.file.data);
    const wav = parseWav(new Uint8Array(request!.file.data));
    // Kept beside the screenshots: the recording as the endpoint got it, and its figures.
    await writeFile(testInfo.outputPath('received.wav'), request!.file.data);
    await writeFile(
      testInfo.outputPath('received-wav.json'),
      JSON.stringify({ durationMs: wav.durationMs, rms: rms(wav.samples), bytes: request!.file.data.length }),
    );
    expect(pageProblems).toEqual([]);
  } finally {
    await close();
    await server.close();
  }
});

test('push-to-talk from the keyboard: hold Space on the focused button, or hold V outside text fields', async ({ page }) => {
  test.slow(); // two recordings of 2 s each plus two transcriptions: 16-22 s idle, close to 30 s on a busy machine
  const server = await startOpenAiServer({ transcription: [{ text: 'first' }, { text: 'second' }] });
  const { host, close } = await hostWithEndpoint(server);
  try {
    await page.goto(host.url);
    const composer = page.getByRole('textbox', { name: 'Message' });
    await talkButton(page).focus();
    await page.keyboard.down(' ');
    await whileRecording(page);
    await page.keyboard.up(' ');
    await expect(composer).toHaveValue('first');
    // The transcript moves the caret into the composer (an effect after the value renders): wait for it, or
    // focusing the navigation below can lose the race and V is typed into the message instead.
    await expect(composer).toBeFocused();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'APIs' }).focus();
    await page.keyboard.down('v');
    await whileRecording(page);
    await page.keyboard.up('v');
    await expect(composer).toHaveValue('first second');
    expect(server.transcriptionRequests()).toHaveLength(2);
    for (const request of server.transcriptionRequests()) expectSpeechWav(request.file.data);
    // V typed into the message is a letter, not push-to-talk.
    await composer.press('v');
    await expect(composer).toHaveValue('first secondv');
    await expect(page.getByRole('meter', { name: 'Microphone level' })).toHaveCount(0);
  } finally {
    await close();
    await server.close();
  }
});

test('no speech model: neither an endpoint transcription model nor a local whisper model; the message offers the download', async ({ page }) => {
  const { host, close } = await openHost();
  try {
    await page.goto(host.url);
    await holdToTalk(page);
    const alert = page.getByRole('alert').filter({ hasText: 'No speech model is installed' });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole('button', { name: 'Download the speech model' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await alert.getByRole('button', { name: 'Open Settings → Models' }).click();
    await expect(page.getByRole('region', { name: 'Models' }).getByRole('heading', { name: /Whisper base\.en/ })).toBeVisible();
  } finally {
    await close();
  }
});

test('the download offer installs the local whisper model through the model manager; whisper.cpp then transcribes what the browser recorded', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // The test stub has whisper's header and vocabulary but no weights: it loads and runs, and recognises no words.
  const files = await startFileServer({ '/ggml-stub.bin': { file: sharedModel(STUB) } });
  const work = await tempHome('switchboard-e2e-voice-');
  const catalog = join(work.dir, 'catalog.json');
  await writeFile(
    catalog,
    JSON.stringify([
      {
        id: 'whisper-stub',
        kind: 'speech',
        label: 'Whisper test stub',
        file: 'ggml-stub.bin',
        url: files.url('/ggml-stub.bin'),
        size: 586_836,
        sha256: STUB_SHA256,
        license: 'MIT',
        description: 'whisper.cpp test model without weights',
      },
    ]),
  );
  const { core, host, close } = await openHost({ env: { SWITCHBOARD_MODEL_CATALOG: catalog } });
  try {
    await page.goto(host.url);
    await holdToTalk(page);
    await page.getByRole('alert').filter({ hasText: 'No speech model is installed' }).getByRole('button', { name: 'Download the speech model' }).click();
    const row = page
      .getByRole('region', { name: 'Models' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /Whisper test stub/ }) });
    await expect(row).toContainText('installed');
    expect((await core.models.list()).find((m) => m.entry.id === 'whisper-stub')?.installed).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    await holdToTalk(page);
    await expect(page.getByRole('status').filter({ hasText: 'Transcribing…' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'No words were recognised' })).toBeVisible({ timeout: 90_000 });
    const log = await readFile(join(core.paths.logsDir, 'switchboard.log'), 'utf8');
    expect(log).toContain('"provider":"whisper.cpp"');
  } finally {
    await close();
    await files.close();
    await work.cleanup();
  }
});

for (const [name, message] of [
  ['NotFoundError', 'No microphone was found'],
  ['NotAllowedError', 'Microphone permission was denied'],
] as const) {
  test(`no microphone: getUserMedia fails with ${name} and the composer says so`, async ({ page }) => {
    const server = await startOpenAiServer({ transcription: [] });
    const { host, close } = await hostWithEndpoint(server);
    try {
      await page.addInitScript((errorName) => {
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused by the test', errorName));
      }, name);
      await page.goto(host.url);
      await talkButton(page).hover();
      await page.mouse.down();
      await page.mouse.up();
      await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible();
      await expect(talkButton(page)).toHaveAttribute('aria-pressed', 'false');
      expect(server.transcriptionRequests()).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await close();
      await server.close();
    }
  });
}
