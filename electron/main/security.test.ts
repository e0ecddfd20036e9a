import { describe, expect, it } from 'vitest';
import { appOriginFor, CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isAppUrl, isTrustedSender } from './security';

const built = appOriginFor('/opt/switchboard/out/renderer/index.html', undefined);
const dev = appOriginFor('/ignored', 'http://localhost:5173/');
const windows = new Set([1]);

describe('sender validation', () => {
  it('trusts the main frame of an app window showing the app page', () => {
    expect(
      isTrustedSender({ frameUrl: 'file:///opt/switchboard/out/renderer/index.html#/settings', isMainFrame: true, webContentsId: 1 }, built, windows),
    ).toBe(true);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5173/index.html', isMainFrame: true, webContentsId: 1 }, dev, windows)).toBe(true);
  });

  it.each([
    ['an iframe', { frameUrl: 'file:///opt/switchboard/out/renderer/index.html', isMainFrame: false, webContentsId: 1 }],
    ['another webContents', { frameUrl: 'file:///opt/switchboard/out/renderer/index.html', isMainFrame: true, webContentsId: 2 }],
    ['a destroyed frame', { frameUrl: undefined, isMainFrame: true, webContentsId: 1 }],
    ['another local file', { frameUrl: 'file:///tmp/evil.html', isMainFrame: true, webContentsId: 1 }],
    ['a sibling of the app page', { frameUrl: 'file:///opt/switchboard/out/renderer/other.html', isMainFrame: true, webContentsId: 1 }],
    ['a remote page', { frameUrl: 'https://example.com/', isMainFrame: true, webContentsId: 1 }],
    ['garbage', { frameUrl: 'not a url', isMainFrame: true, webContentsId: 1 }],
  ])('refuses %s', (_name, sender) => {
    expect(isTrustedSender(sender, built, windows)).toBe(false);
  });

  it('in development trusts only the dev server origin', () => {
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('file:///opt/switchboard/out/renderer/index.html', dev)).toBe(false);
  });
});

describe('external links', () => {
  it('allows https links to allow-listed hosts only', () => {
    expect(isAllowedExternalUrl('https://github.com/switchboard')).toBe(true);
    expect(isAllowedExternalUrl('http://github.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('smb://server/share')).toBe(false);
  });
});

describe('content security policy', () => {
  it('allows only the app itself to run scripts and forbids objects and framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
