import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { defaultSettings } from '../../shared/settings';
import { EventBus } from '../events';
import { createLogger, memorySink } from '../log/logger';
import { SettingsStore } from './settings-store';

let home: Awaited<ReturnType<typeof tempHome>>;
beforeEach(async () => (home = await tempHome()));
afterEach(() => home.cleanup());

function store(bus = new EventBus(), sink = memorySink()): SettingsStore {
  return new SettingsStore(join(home.dir, 'settings.json'), bus, createLogger({ sinks: [sink] }));
}

describe('SettingsStore', () => {
  it('starts from defaults when there is no file', async () => {
    expect(await store().load()).toEqual(defaultSettings());
  });

  it('persists a partial update and reads back the same after a restart', async () => {
    const bus = new EventBus();
    const changed: unknown[] = [];
    bus.onAny((event, payload) => changed.push([event, payload]));
    const first = store(bus);
    await first.load();
    const saved = await first.set({ appearance: { theme: 'dark' }, voice: { sendImmediately: true } });
    expect(saved.appearance.theme).toBe('dark');
    expect(saved.privacy.offline).toBe(false);
    expect(changed).toEqual([['settings.changed', saved]]);
    const second = store();
    expect(await second.load()).toEqual(saved);
  });

  it('keeps an invalid file aside, never losing it, and starts from defaults', async () => {
    const file = join(home.dir, 'settings.json');
    await writeFile(file, '{"appearance": {"theme": "neon"}}');
    const sink = memorySink();
    expect(await store(new EventBus(), sink).load()).toEqual(defaultSettings());
    const aside = (await readdir(home.dir)).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(home.dir, aside!), 'utf8')).toContain('neon');
    expect(sink.records.some((r) => r.level === 'warn')).toBe(true);
  });

  it('treats malformed JSON the same way', async () => {
    await writeFile(join(home.dir, 'settings.json'), '{"appearance": ');
    expect(await store().load()).toEqual(defaultSettings());
  });

  it('serialises concurrent updates so none is lost', async () => {
    const s = store();
    await s.load();
    await Promise.all([s.set({ appearance: { theme: 'light' } }), s.set({ privacy: { offline: true } }), s.set({ voice: { sendImmediately: true } })]);
    const reloaded = await store().load();
    expect(reloaded).toEqual({ ...defaultSettings(), appearance: { theme: 'light' }, privacy: { offline: true }, voice: { sendImmediately: true } });
  });

  it('merges nested model settings and clears a value given as null', async () => {
    const s = store();
    await s.load();
    await s.set({ models: { provider: 'openai', openai: { preset: 'ollama', models: { planner: 'qwen2.5:7b', coder: 'qwen2.5-coder' } } } });
    const next = await s.set({ models: { openai: { models: { coder: null, vision: 'llava' }, baseURL: 'http://127.0.0.1:11434/v1' } } });
    expect(next.models.provider).toBe('openai');
    expect(next.models.openai).toEqual({ preset: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', models: { planner: 'qwen2.5:7b', vision: 'llava' } });
    expect((await store().load()).models).toEqual(next.models);
    await expect(s.set({ models: { openai: { baseURL: 'file:///etc/passwd' } } } as never)).rejects.toThrow();
  });

  it('returns copies, so callers cannot mutate the stored settings', async () => {
    const s = store();
    await s.load();
    s.get().appearance.theme = 'dark';
    expect(s.get().appearance.theme).toBe('system');
  });
});
