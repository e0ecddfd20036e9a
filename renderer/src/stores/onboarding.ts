import type { ModelInfo, ProvidersState } from '../../../electron/shared/models';
import type { SliceCreator } from './types';

/** 'unknown' until providers and model files are loaded; then the set-up opens when no model is usable. */
export type SetupState = 'unknown' | 'open' | 'closed';

export interface OnboardingSlice {
  setup: SetupState;
  /** Decides once, when both lists have loaded, whether the window opens on the set-up. */
  evaluateSetup(): void;
  /** Leaves the set-up (the person skipped it, or a model is ready); it does not come back this session. */
  closeSetup(): void;
}

/**
 * A model is usable when an endpoint is chosen (its test is the person's to run) or the chosen local chat
 * model's file is downloaded.
 */
export function hasUsableModel(providers: ProvidersState, files: readonly ModelInfo[]): boolean {
  if (providers.settings.provider !== 'local') return true;
  return files.some((f) => f.id === providers.settings.local.chatModel && f.installed);
}

/** The key under which the window remembers that the person finished or skipped the set-up. */
export const SETUP_DONE_KEY = 'switchboard.setup.done';

export const createOnboardingSlice: SliceCreator<OnboardingSlice> =
  ({ memory }) =>
  (set, get) => ({
    setup: memory?.getItem(SETUP_DONE_KEY) === 'yes' ? 'closed' : 'unknown',

    evaluateSetup() {
      const { setup, providers, modelFiles } = get();
      if (setup !== 'unknown' || !providers || !modelFiles) return;
      set({ setup: hasUsableModel(providers, modelFiles) ? 'closed' : 'open' });
    },

    closeSetup() {
      memory?.setItem(SETUP_DONE_KEY, 'yes');
      set({ setup: 'closed' });
    },
  });
