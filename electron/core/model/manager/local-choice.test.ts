import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../../test/helpers/temp-home';
import { createLogger } from '../../log/logger';
import { resolveLocalChoice } from '../provider-factory';
import { catalogSchema, DEFAULT_CATALOG } from './catalog';
import { chooseLocalModel, MEMORY_HEADROOM_BYTES, recommendChatModel } from './local-choice';
import { ModelManager } from './model-manager';

const GIB = 1024 ** 3;
const big = 'qwen2.5-coder-3b-instruct-q4';
const small = 'qwen2.5-0.5b-instruct-q4';
const none = new Set<string>();

describe('the recommended local model for a machine’s memory', () => {
  it('the catalogue states the size, RAM and context of every chat model, and the 3B needs more than the 0.5B', () => {
    expect(catalogSchema.safeParse(DEFAULT_CATALOG).success).toBe(true);
    const chats = DEFAULT_CATALOG.filter((e) => e.kind === 'chat');
    expect(chats.map((e) => e.id).sort()).toEqual([small, big].sort());
    for (const e of chats) {
      expect(e.ramBytes).toBeGreaterThan(e.size);
      expect(e.contextSize).toBeGreaterThanOrEqual(12_000);
    }
    const [b, s] = [big, small].map((id) => DEFAULT_CATALOG.find((e) => e.id === id)!);
    expect(b!.size).toBeGreaterThan(1.8e9);
    expect(b!.size).toBeLessThan(2.6e9);
    expect(b!.ramBytes!).toBeGreaterThan(s!.ramBytes!);
  });

  it('recommends the 3B coder on 8 and 16 GiB, the 0.5B on 4 GiB and on 2 GiB', () => {
    expect(recommendChatModel(DEFAULT_CATALOG, 16 * GIB)?.id).toBe(big);
    expect(recommendChatModel(DEFAULT_CATALOG, 8 * GIB)?.id).toBe(big);
    expect(recommendChatModel(DEFAULT_CATALOG, 4 * GIB)?.id).toBe(small);
    expect(recommendChatModel(DEFAULT_CATALOG, 2 * GIB)?.id).toBe(small);
    // The boundary is the model's RAM plus the headroom.
    const ram = DEFAULT_CATALOG.find((e) => e.id === big)!.ramBytes!;
    expect(recommendChatModel(DEFAULT_CATALOG, ram + MEMORY_HEADROOM_BYTES)?.id).toBe(big);
    expect(recommendChatModel(DEFAULT_CATALOG, ram + MEMORY_HEADROOM_BYTES - 1)?.id).toBe(small);
    expect(
      recommendChatModel(
        DEFAULT_CATALOG.filter((e) => e.kind !== 'chat'),
        16 * GIB,
      ),
    ).toBeUndefined();
    const noFigures = DEFAULT_CATALOG.map(({ ramBytes: _r, ...e }) => e);
    expect(recommendChatModel(noFigures, 16 * GIB)?.id).toBe(noFigures.find((e) => e.kind === 'chat')!.id);
  });

  it('gives the chosen model its own 16k context where memory allows, so the 12k program prompt fits', () => {
    expect(chooseLocalModel({ settings: {}, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: none })).toMatchObject({
      chatModel: big,
      contextSize: 16_384,
    });
    expect(chooseLocalModel({ settings: {}, catalog: DEFAULT_CATALOG, totalMemoryBytes: 4 * GIB, installed: none })).toMatchObject({
      chatModel: small,
      contextSize: 16_384,
    });
  });

  it('keeps the person’s choice of model and context; cuts the context when they chose a model too big for memory', () => {
    expect(chooseLocalModel({ settings: { chatModel: small }, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: none })).toMatchObject({
      chatModel: small,
      contextSize: 16_384,
      reason: 'chosen in Settings',
    });
    expect(chooseLocalModel({ settings: { contextSize: 8192 }, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: none })).toMatchObject({
      chatModel: big,
      contextSize: 8192,
    });
    const squeezed = chooseLocalModel({ settings: { chatModel: big }, catalog: DEFAULT_CATALOG, totalMemoryBytes: 4 * GIB, installed: none });
    expect(squeezed).toMatchObject({ chatModel: big, contextSize: 4096 });
    expect(squeezed.reason).toMatch(/short/);
    // A plain GGUF file the catalogue does not know gets a context the program prompt fits in.
    expect(chooseLocalModel({ settings: { chatModel: 'mine.gguf' }, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: none })).toMatchObject({
      chatModel: 'mine.gguf',
      contextSize: 16_384,
    });
  });

  it('uses a downloaded model that fits when the recommended one is not downloaded, and says so', () => {
    const choice = chooseLocalModel({ settings: {}, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: new Set([small]) });
    expect(choice.chatModel).toBe(small);
    expect(choice.reason).toContain(`the recommended ${big} is not downloaded`);
    expect(chooseLocalModel({ settings: {}, catalog: DEFAULT_CATALOG, totalMemoryBytes: 16 * GIB, installed: new Set([small, big]) }).chatModel).toBe(big);
  });

  it('refuses a catalogue without a chat model when nothing is set', () => {
    expect(() => chooseLocalModel({ settings: {}, catalog: [], totalMemoryBytes: 16 * GIB, installed: none })).toThrow(/no chat model/);
  });
});

describe('resolveLocalChoice over a real models folder', () => {
  let home: Awaited<ReturnType<typeof tempHome>>;
  beforeEach(async () => {
    home = await tempHome();
  });
  afterEach(() => home.cleanup());

  it('sees which model files are in the folder', async () => {
    const manager = new ModelManager({ modelsDir: home.dir, logger: createLogger({ sinks: [] }) });
    expect((await resolveLocalChoice({}, manager, 16 * GIB)).chatModel).toBe(big);
    await writeFile(join(home.dir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'), 'GGUF');
    expect((await resolveLocalChoice({}, manager, 16 * GIB)).chatModel).toBe(small);
    await writeFile(join(home.dir, 'qwen2.5-coder-3b-instruct-q4_k_m.gguf'), 'GGUF');
    expect(await resolveLocalChoice({}, manager, 16 * GIB)).toMatchObject({ chatModel: big, contextSize: 16_384 });
  });
});
