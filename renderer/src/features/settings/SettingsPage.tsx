import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useSwitchboard, type SettingsPanel } from '../../stores';
import { AppInfoPanel } from './AppInfoPanel';
import { FoldersPanel } from './FoldersPanel';
import { ModelsPanel } from './ModelsPanel';
import { PacksPanel } from './PacksPanel';
import { AppearancePanel, PrivacyPanel, VoicePanel } from './SettingsForm';

const PANELS: ReadonlyArray<{ id: SettingsPanel; label: string }> = [
  { id: 'folders', label: 'Folders' },
  { id: 'models', label: 'Models' },
  { id: 'voice', label: 'Voice' },
  { id: 'packs', label: 'API packs' },
  { id: 'privacy', label: 'Privacy' },
  { id: 'appearance', label: 'Appearance' },
  { id: 'about', label: 'About' },
];

/** Settings in panels: a list of sections (each a link with its own address) and the chosen one beside it. */
export function SettingsPage() {
  const { loaded, error, saving, dismiss, panel, open } = useSwitchboard(
    useShallow((s) => ({
      loaded: s.settings !== null,
      error: s.settingsError,
      saving: s.settingsSaving,
      dismiss: s.dismissSettingsError,
      panel: s.settingsPanel,
      open: s.openSettings,
    })),
  );
  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <PageHeader id="settings-title" title="Settings" status={saving ? 'Saving…' : ''} />
      {error && <ErrorBanner title={loaded ? 'Settings not saved.' : 'Settings not loaded.'} error={error} onDismiss={dismiss} />}
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="settings-nav">
          <ul>
            {PANELS.map((p) => (
              <li key={p.id}>
                <a
                  href={`#settings/${p.id}`}
                  className="settings-nav__link"
                  aria-current={panel === p.id ? 'page' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    open(p.id);
                  }}
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-panel">
          {loaded || panel === 'about' || panel === 'packs' || panel === 'models' ? <CurrentPanel panel={panel} /> : !error && <p>Loading settings…</p>}
        </div>
      </div>
    </section>
  );
}

function CurrentPanel({ panel }: { panel: SettingsPanel }) {
  switch (panel) {
    case 'folders':
      return <FoldersPanel />;
    case 'models':
      return <ModelsPanel />;
    case 'voice':
      return <VoicePanel />;
    case 'packs':
      return <PacksPanel />;
    case 'privacy':
      return <PrivacyPanel />;
    case 'appearance':
      return <AppearancePanel />;
    case 'about':
      return <AppInfoPanel />;
  }
}
