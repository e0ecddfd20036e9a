import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard } from '../stores';
import { shortcutFor, type ShortcutAction } from './shortcuts';

/** Ids of the elements shortcuts move focus to. */
export const FOCUS_TARGETS = { composer: 'composer-input', conversationSearch: 'conversation-search' } as const;

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

/** Focuses an element once the page holding it has rendered. */
function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}

/** Window-wide keyboard shortcuts (see shortcuts.ts); `openHelp` shows the overlay listing them. */
export function useShortcuts(openHelp: () => void): void {
  const { setPage, newConversation, startVoice, stopVoice } = useSwitchboard(
    useShallow((s) => ({ setPage: s.setPage, newConversation: s.newConversation, startVoice: s.startVoice, stopVoice: s.stopVoice })),
  );
  useEffect(() => {
    const run = (action: ShortcutAction) => {
      switch (action.kind) {
        case 'page':
          return setPage(action.page);
        case 'new-conversation':
          setPage('chat');
          newConversation();
          return focusSoon(FOCUS_TARGETS.composer);
        case 'search-conversations':
          setPage('chat');
          return focusSoon(FOCUS_TARGETS.conversationSearch);
        case 'focus-composer':
          setPage('chat');
          return focusSoon(FOCUS_TARGETS.composer);
        case 'help':
          return openHelp();
        case 'push-to-talk':
          setPage('chat');
          return void startVoice('key');
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('dialog[open]')) return;
      const shortcut = shortcutFor(event, inTextField(event.target));
      if (!shortcut) return;
      event.preventDefault();
      if (event.repeat && shortcut.action.kind === 'push-to-talk') return; // held: one start
      run(shortcut.action);
    };
    // Push-to-talk ends when V is released, or when the window loses focus while it is held.
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'v') void stopVoice('key');
    };
    const onBlur = () => void stopVoice('key');
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, [setPage, newConversation, openHelp, startVoice, stopVoice]);
}
