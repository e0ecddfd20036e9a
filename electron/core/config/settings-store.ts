import { readFile, rename } from 'node:fs/promises';
import { defaultSettings, mergeModelSettings, settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';
import { writeFileAtomic } from './atomic-write';
import { parseJsonOrUndefined } from './json-file';

/**
 * Settings persisted as validated JSON. A missing file gives defaults; an unreadable or invalid one is
 * kept aside as `settings.json.corrupt-<time>` (never silently lost) and defaults are used.
 */
export class SettingsStore {
  private current: Settings = defaultSettings();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.current = defaultSettings());
      throw error;
    }
    const result = settingsSchema.safeParse(parseJsonOrUndefined(text));
    if (result.success) return (this.current = result.data);
    const aside = `${this.file}.corrupt-${Date.now()}`;
    await rename(this.file, aside);
    this.logger.warn('settings file was invalid; kept it aside and started from defaults', { file: aside });
    return (this.current = defaultSettings());
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies a partial update, validates the whole, persists atomically, then emits settings.changed. */
  set(patch: SettingsPatch): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const next = settingsSchema.parse({
        appearance: { ...this.current.appearance, ...patch.appearance },
        privacy: { ...this.current.privacy, ...patch.privacy },
        voice: { ...this.current.voice, ...patch.voice },
        models: mergeModelSettings(this.current.models, patch.models),
        workspace: { ...this.current.workspace, ...patch.workspace },
        packs: mergePacks(this.current.packs, patch.packs),
        selector: { index: patch.selector?.index ?? this.current.selector.index },
      });
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.current = next;
      this.bus.emit('settings.changed', this.get());
      return this.get();
    };
    // Serialise writes so two quick updates cannot interleave.
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function mergePacks(current: Settings['packs'], patch: SettingsPatch['packs']): Settings['packs'] {
  const next = { ...current };
  for (const [pack, values] of Object.entries(patch ?? {})) {
    if (values === null) delete next[pack];
    else next[pack] = values;
  }
  return next;
}
