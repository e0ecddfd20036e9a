import { isAppUrl, type AppOrigin } from './security';

/** A permission request or check as Electron reports it, reduced to what the decision needs. */
export interface PermissionAsk {
  permission: string;
  /** URL of the page asking (its webContents). */
  url: string | undefined;
  /** For 'media': the kinds asked for ('audio', 'video'). */
  mediaTypes?: readonly string[];
}

/** Push-to-talk needs the microphone: audio only, for the app's own page. Every other permission stays denied. */
export function allowsPermission(ask: PermissionAsk, origin: AppOrigin): boolean {
  if (ask.permission !== 'media' || !ask.url || !isAppUrl(ask.url, origin)) return false;
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'audio');
}
