import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAppSlice } from './app';
import { createAttachmentsSlice } from './attachments';
import { createChatSlice } from './chat';
import { createConversationsSlice } from './conversations';
import { createModelsSlice } from './models';
import { createOnboardingSlice } from './onboarding';
import { createRunsSlice } from './runs';
import { createTurnsSlice } from './turns';
import { createPacksSlice } from './packs';
import { createSettingsSlice } from './settings';
import { createVoiceSlice } from './voice';
import type { StoreDeps, SwitchboardState } from './types';

export { SETTINGS_PANELS, type Page, type SettingsPanel } from './app';
export type { UsageFigures } from './packs';
export type { ApprovalView, CallView, RunView } from './runs';
export type { TurnView } from './turns';
export type { StoreDeps, SwitchboardState } from './types';
export type SwitchboardStore = StoreApi<SwitchboardState>;

export function createSwitchboardStore(deps: StoreDeps): SwitchboardStore {
  return createStore<SwitchboardState>()((...args) => ({
    ...createAppSlice(deps)(...args),
    ...createAttachmentsSlice(deps)(...args),
    ...createChatSlice(deps)(...args),
    ...createConversationsSlice(deps)(...args),
    ...createSettingsSlice(deps)(...args),
    ...createPacksSlice(deps)(...args),
    ...createModelsSlice(deps)(...args),
    ...createOnboardingSlice(deps)(...args),
    ...createRunsSlice(deps)(...args),
    ...createTurnsSlice(deps)(...args),
    ...createVoiceSlice(deps)(...args),
  }));
}

/** The store is created once in main.tsx with the real bridge, and provided here so components stay injectable. */
export const StoreContext = createContext<SwitchboardStore | null>(null);

/** Selects from the store. Select narrowly; wrap a selector returning several fields in useShallow. */
export function useSwitchboard<T>(selector: (state: SwitchboardState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSwitchboard needs a StoreContext provider');
  return useStore(store, selector);
}
