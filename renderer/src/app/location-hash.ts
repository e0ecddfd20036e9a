import { SETTINGS_PANELS, type Page, type SettingsPanel } from '../stores';

export interface AppLocation {
  page: Page;
  panel?: SettingsPanel;
}

const PAGES: readonly Page[] = ['chat', 'apis', 'settings'];

/** `#settings/models` → Settings on its Models panel; anything unknown is undefined (the window stays put). */
export function parseHash(hash: string): AppLocation | undefined {
  const [page, panel] = hash.replace(/^#\/?/, '').split('/');
  if (!PAGES.includes(page as Page)) return undefined;
  if (page !== 'settings') return { page: page as Page };
  return SETTINGS_PANELS.includes(panel as SettingsPanel) ? { page: 'settings', panel: panel as SettingsPanel } : { page: 'settings' };
}

export function formatHash(page: Page, panel: SettingsPanel): string {
  return page === 'settings' ? `#settings/${panel}` : `#${page}`;
}
