import type { StateCreator } from 'zustand/vanilla';
import type { SwitchboardBridge } from '../../../electron/shared/contract';
import type { ConnectionMonitor } from '../ipc/connection';
import type { AppSlice } from './app';
import type { AttachmentsSlice } from './attachments';
import type { ChatSlice } from './chat';
import type { ConversationsSlice } from './conversations';
import type { ModelsSlice } from './models';
import type { OnboardingSlice } from './onboarding';
import type { RunsSlice } from './runs';
import type { TurnsSlice } from './turns';
import type { PacksSlice } from './packs';
import type { SettingsSlice } from './settings';
import type { VoiceSlice } from './voice';
import type { OpenRecorder } from '../features/voice/recorder';

/** The one store: every slice's state and actions. */
export type SwitchboardState = AppSlice &
  AttachmentsSlice &
  ChatSlice &
  ConversationsSlice &
  SettingsSlice &
  PacksSlice &
  ModelsSlice &
  OnboardingSlice &
  RunsSlice &
  TurnsSlice &
  VoiceSlice;

/** What the store's actions talk to; injected so tests pass fakes. */
export interface StoreDeps {
  bridge: SwitchboardBridge;
  connection: ConnectionMonitor;
  /** Opens the microphone for push-to-talk (features/voice/recorder's openMicrophone); absent, voice is off. */
  recorder?: OpenRecorder;
  /** This window's own small memory (localStorage in main.tsx): remembers that the set-up was skipped or done. */
  memory?: Pick<Storage, 'getItem' | 'setItem'>;
}

export type SliceCreator<T> = (deps: StoreDeps) => StateCreator<SwitchboardState, [], [], T>;
