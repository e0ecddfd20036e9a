import { describe, expect, it } from 'vitest';
import { createWindowOptions } from './window-options';

describe('window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, no webviews', () => {
    const { webPreferences } = createWindowOptions('/app/out/preload/index.cjs', false);
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('start hidden (shown when ready) with a background matching the theme', () => {
    expect(createWindowOptions('/p', false)).toMatchObject({ show: false, backgroundColor: '#ffffff' });
    expect(createWindowOptions('/p', true).backgroundColor).not.toBe('#ffffff');
  });
});
