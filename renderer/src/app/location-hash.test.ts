import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './location-hash';

describe('location hash', () => {
  it('round-trips every page and settings panel', () => {
    expect(parseHash(formatHash('settings', 'models'))).toEqual({ page: 'settings', panel: 'models' });
    expect(parseHash(formatHash('apis', 'models'))).toEqual({ page: 'apis' });
    expect(formatHash('chat', 'privacy')).toBe('#chat');
  });
  it('ignores what it does not know', () => {
    expect(parseHash('')).toBeUndefined();
    expect(parseHash('#main')).toBeUndefined();
    expect(parseHash('#settings/nope')).toEqual({ page: 'settings' });
  });
});
