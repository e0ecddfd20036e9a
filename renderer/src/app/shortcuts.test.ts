import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('shortcutFor', () => {
  it('maps Ctrl or Cmd with a digit to the pages, also while typing', () => {
    expect(shortcutFor(key('2', { ctrlKey: true }), true)?.action).toEqual({ kind: 'page', page: 'apis' });
    expect(shortcutFor(key('3', { metaKey: true }), false)?.action).toEqual({ kind: 'page', page: 'settings' });
    expect(shortcutFor(key('2', { ctrlKey: true, altKey: true }), false)).toBeUndefined();
  });

  it('leaves plain characters to text fields', () => {
    expect(shortcutFor(key('?', { shiftKey: true }), false)?.action).toEqual({ kind: 'help' });
    expect(shortcutFor(key('?', { shiftKey: true }), true)).toBeUndefined();
    expect(shortcutFor(key('/'), true)).toBeUndefined();
    expect(shortcutFor(key('/'), false)?.action).toEqual({ kind: 'focus-composer' });
    expect(shortcutFor(key('F1'), true)?.action).toEqual({ kind: 'help' });
  });

  it('tells new conversation from search by Shift', () => {
    expect(shortcutFor(key('O', { ctrlKey: true, shiftKey: true }), true)?.action).toEqual({ kind: 'new-conversation' });
    expect(shortcutFor(key('k', { ctrlKey: true }), true)?.action).toEqual({ kind: 'search-conversations' });
    expect(shortcutFor(key('k'), false)).toBeUndefined();
  });

  it('holds V for push-to-talk only outside text fields and without modifiers', () => {
    expect(shortcutFor(key('v'), false)?.action).toEqual({ kind: 'push-to-talk' });
    expect(shortcutFor(key('V', { shiftKey: true }), false)).toBeUndefined();
    expect(shortcutFor(key('v'), true)).toBeUndefined();
    expect(shortcutFor(key('v', { ctrlKey: true }), false)).toBeUndefined();
  });
});
