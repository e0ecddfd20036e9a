import { describe, expect, it } from 'vitest';
import { allowsPermission } from './media-permission';
import { appOriginFor } from './security';

const built = appOriginFor('/opt/switchboard/out/renderer/index.html', undefined);
const page = 'file:///opt/switchboard/out/renderer/index.html';

describe('permissions', () => {
  it('lets the app page use the microphone for push-to-talk', () => {
    expect(allowsPermission({ permission: 'media', url: page, mediaTypes: ['audio'] }, built)).toBe(true);
  });

  it.each([
    ['the camera', { permission: 'media', url: page, mediaTypes: ['audio', 'video'] }],
    ['media of unknown kind', { permission: 'media', url: page, mediaTypes: [] }],
    ['another page', { permission: 'media', url: 'https://example.com/', mediaTypes: ['audio'] }],
    ['a destroyed page', { permission: 'media', url: undefined, mediaTypes: ['audio'] }],
    ['notifications', { permission: 'notifications', url: page }],
    ['geolocation', { permission: 'geolocation', url: page }],
  ])('refuses %s', (_name, ask) => {
    expect(allowsPermission(ask, built)).toBe(false);
  });
});
