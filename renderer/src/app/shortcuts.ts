import type { Page } from '../stores';

/** What a shortcut does. */
export type ShortcutAction =
  | { kind: 'page'; page: Page }
  | { kind: 'new-conversation' }
  | { kind: 'search-conversations' }
  | { kind: 'help' }
  | { kind: 'focus-composer' }
  | { kind: 'push-to-talk' };

export interface Shortcut {
  /** How it is written in the help overlay. */
  keys: string;
  description: string;
  action: ShortcutAction;
  /** Fires even while typing in a text field. */
  inTextFields: boolean;
  matches(event: KeyLike): boolean;
}

/** The part of a KeyboardEvent the shortcuts read (plain data, so they are testable without a DOM). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const mod = (e: KeyLike) => (e.ctrlKey || e.metaKey) && !e.altKey;
const plain = (e: KeyLike) => !e.ctrlKey && !e.metaKey && !e.altKey;

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl+1', description: 'Go to Chat', action: { kind: 'page', page: 'chat' }, inTextFields: true, matches: (e) => mod(e) && e.key === '1' },
  { keys: 'Ctrl+2', description: 'Go to APIs', action: { kind: 'page', page: 'apis' }, inTextFields: true, matches: (e) => mod(e) && e.key === '2' },
  { keys: 'Ctrl+3', description: 'Go to Settings', action: { kind: 'page', page: 'settings' }, inTextFields: true, matches: (e) => mod(e) && e.key === '3' },
  {
    keys: 'Ctrl+Shift+O',
    description: 'New conversation',
    action: { kind: 'new-conversation' },
    inTextFields: true,
    matches: (e) => mod(e) && e.shiftKey && e.key.toLowerCase() === 'o',
  },
  {
    keys: 'Ctrl+K',
    description: 'Search conversations',
    action: { kind: 'search-conversations' },
    inTextFields: true,
    matches: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === 'k',
  },
  { keys: '/', description: 'Write a message', action: { kind: 'focus-composer' }, inTextFields: false, matches: (e) => plain(e) && e.key === '/' },
  {
    keys: 'V (hold)',
    description: 'Push to talk: hold to record, release to transcribe',
    action: { kind: 'push-to-talk' },
    inTextFields: false,
    matches: (e) => plain(e) && !e.shiftKey && e.key.toLowerCase() === 'v',
  },
  { keys: '?', description: 'Show keyboard shortcuts', action: { kind: 'help' }, inTextFields: false, matches: (e) => plain(e) && e.key === '?' },
  { keys: 'F1', description: 'Show keyboard shortcuts', action: { kind: 'help' }, inTextFields: true, matches: (e) => plain(e) && e.key === 'F1' },
];

/** Keys that work everywhere without a shortcut of ours, listed in the overlay too. */
export const BUILT_IN_KEYS: readonly { keys: string; description: string }[] = [
  { keys: 'Enter', description: 'Send the message' },
  { keys: 'Shift+Enter', description: 'New line in the message' },
  { keys: 'Up / Down', description: 'Recall earlier requests in the message box' },
  { keys: 'Tab / Shift+Tab', description: 'Move between controls' },
  { keys: 'Escape', description: 'Close this overlay, or cancel a rename' },
];

/** The shortcut an event triggers, if any. `inTextField`: focus is in an input, textarea or editable element. */
export function shortcutFor(event: KeyLike, inTextField: boolean): Shortcut | undefined {
  return SHORTCUTS.find((s) => (s.inTextFields || !inTextField) && s.matches(event));
}
