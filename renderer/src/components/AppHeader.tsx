import { useShallow } from 'zustand/react/shallow';
import { useSwitchboard, type Page } from '../stores';

const PAGES: ReadonlyArray<{ page: Page; label: string }> = [
  { page: 'chat', label: 'Chat' },
  { page: 'apis', label: 'APIs' },
  { page: 'settings', label: 'Settings' },
];

export function AppHeader({ onHelp }: { onHelp: () => void }) {
  const { page, setPage } = useSwitchboard(useShallow((s) => ({ page: s.page, setPage: s.setPage })));
  return (
    <header className="app-header">
      <span className="app-header__brand">Switchboard</span>
      <nav aria-label="Main">
        <ul className="nav-list">
          {PAGES.map((item) => (
            <li key={item.page}>
              <button type="button" className="nav-button" aria-current={page === item.page ? 'page' : undefined} onClick={() => setPage(item.page)}>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <button type="button" className="button button--quiet app-header__help" onClick={onHelp} aria-keyshortcuts="Shift+? F1">
        Keyboard shortcuts
      </button>
    </header>
  );
}
