import { pathToFileURL } from 'node:url';

/** Where the app's own pages come from: the built index.html, or the dev server in development. */
export interface AppOrigin {
  /** file:// URL of out/renderer/index.html, when running the built app. */
  indexFileUrl?: string;
  /** http://localhost:5173 style origin, when electron-vite's dev server serves the renderer. */
  devServerUrl?: string;
}

export function appOriginFor(indexHtmlPath: string, devServerUrl: string | undefined): AppOrigin {
  return devServerUrl ? { devServerUrl } : { indexFileUrl: pathToFileURL(indexHtmlPath).href };
}

/** True when a URL is one of the app's own pages (query and fragment ignored). */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (origin.indexFileUrl) {
    return parsed.protocol === 'file:' && `${parsed.origin === 'null' ? 'file://' : parsed.origin}${parsed.pathname}` === origin.indexFileUrl;
  }
  if (origin.devServerUrl) return parsed.origin === new URL(origin.devServerUrl).origin;
  return false;
}

/** The facts about an IPC sender that decide whether it may talk to core. */
export interface SenderInfo {
  /** URL of the frame that sent the message; undefined when the frame is gone. */
  frameUrl: string | undefined;
  /** True for a top-level frame (iframes may never talk to core). */
  isMainFrame: boolean;
  /** The id of the webContents, which must be one of the app's windows. */
  webContentsId: number;
}

/** Sender validation (Electron security checklist #17): an app window's main frame showing an app page. */
export function isTrustedSender(sender: SenderInfo, origin: AppOrigin, appWindowIds: ReadonlySet<number>): boolean {
  return sender.isMainFrame && appWindowIds.has(sender.webContentsId) && sender.frameUrl !== undefined && isAppUrl(sender.frameUrl, origin);
}

const EXTERNAL_HOSTS = new Set(['github.com', 'platform.openai.com', 'ollama.com', 'lmstudio.ai', 'huggingface.co']);

/** Links the app may hand to the system browser: https only, to an allow-listed host. */
export function isAllowedExternalUrl(url: string, allowedHosts: ReadonlySet<string> = EXTERNAL_HOSTS): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && allowedHosts.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** The renderer's Content-Security-Policy, also sent as a header for every app response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
