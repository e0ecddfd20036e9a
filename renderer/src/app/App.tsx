import { useCallback, useEffect, useRef, useState } from 'react';
import { AppHeader } from '../components/AppHeader';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ConnectionProblem } from '../components/ConnectionProblem';
import { HelpOverlay } from '../components/HelpOverlay';
import { CataloguePage } from '../features/catalogue/CataloguePage';
import { ChatPage } from '../features/chat/ChatPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { FirstRunSetup } from '../features/setup/FirstRunSetup';
import { StoreContext, useSwitchboard, type Page, type SwitchboardStore } from '../stores';
import { useApplyTheme } from './use-apply-theme';
import { useFileDrop } from './use-file-drop';
import { useLocationHash } from './use-location-hash';
import { useShortcuts } from './use-shortcuts';

export function App({ store }: { store: SwitchboardStore }) {
  return (
    <StoreContext.Provider value={store}>
      <Shell />
    </StoreContext.Provider>
  );
}

function Shell() {
  useApplyTheme();
  const page = useSwitchboard((s) => s.page);
  const status = useSwitchboard((s) => s.connection.status);
  const blocked = status === 'unreachable' || status === 'no-token' || status === 'closed';
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(openHelp);
  useLocationHash();
  const dragging = useFileDrop();

  // After navigating, move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [page]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader onHelp={openHelp} />
      <main id="main" ref={mainRef} className="app-main" tabIndex={-1}>
        <ConnectionBanner />
        {blocked ? <ConnectionProblem /> : <CurrentPage page={page} />}
      </main>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop to attach to your next message
        </div>
      )}
    </>
  );
}

function CurrentPage({ page }: { page: Page }) {
  const setupOpen = useSwitchboard((s) => s.setup === 'open');
  if (page === 'chat') return setupOpen ? <FirstRunSetup /> : <ChatPage />;
  if (page === 'apis') return <CataloguePage />;
  return <SettingsPage />;
}
