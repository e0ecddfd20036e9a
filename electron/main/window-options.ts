/**
 * The main window's options as plain data, so the security-relevant flags are unit-tested without
 * Electron. Shape-compatible with BrowserWindowConstructorOptions.
 */
export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: boolean;
    navigateOnDragDrop: false;
  };
}

export function createWindowOptions(preloadPath: string, dark: boolean): WindowOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Switchboard',
    backgroundColor: dark ? '#1b1d22' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // Dropping a file must reach the page's drop handler, never navigate the window to it.
      navigateOnDragDrop: false,
    },
  };
}
