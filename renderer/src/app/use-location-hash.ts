import { useContext, useEffect } from 'react';
import { StoreContext } from '../stores';
import { formatHash, parseHash, type AppLocation } from './location-hash';

/**
 * Keeps the address's hash and the shown page in step, both ways: a link or Back changes the page, a page
 * change updates the hash (so each settings panel has its own address that survives a reload).
 */
export function useLocationHash(): void {
  const store = useContext(StoreContext);
  useEffect(() => {
    if (!store) return;
    const apply = (location: AppLocation | undefined) => {
      if (!location) return;
      if (location.panel) store.getState().openSettings(location.panel);
      else store.getState().setPage(location.page);
    };
    apply(parseHash(window.location.hash));
    const onHashChange = () => apply(parseHash(window.location.hash));
    const write = (replace: boolean) => {
      const { page, settingsPanel } = store.getState();
      const hash = formatHash(page, settingsPanel);
      if (window.location.hash === hash) return;
      if (replace) window.history.replaceState(null, '', hash);
      else window.history.pushState(null, '', hash);
    };
    write(true);
    const stop = store.subscribe((state, previous) => {
      if (state.page !== previous.page || state.settingsPanel !== previous.settingsPanel) write(false);
    });
    window.addEventListener('hashchange', onHashChange);
    window.addEventListener('popstate', onHashChange);
    return () => {
      stop();
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('popstate', onHashChange);
    };
  }, [store]);
}
