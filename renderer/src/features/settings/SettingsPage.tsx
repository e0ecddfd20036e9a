import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { useSwitchboard } from '../../stores';
import { AppInfoPanel } from './AppInfoPanel';
import { FoldersPanel } from './FoldersPanel';
import { ModelsPanel } from './ModelsPanel';
import { PacksPanel } from './PacksPanel';
import { SettingsForm } from './SettingsForm';

export function SettingsPage() {
  const { loaded, error, saving, dismiss } = useSwitchboard(
    useShallow((s) => ({
      loaded: s.settings !== null,
      error: s.settingsError,
      saving: s.settingsSaving,
      dismiss: s.dismissSettingsError,
    })),
  );
  return (
    <section className="page settings-page" aria-labelledby="settings-title">
      <PageHeader id="settings-title" title="Settings" status={saving ? 'Saving…' : ''} />
      {error && <ErrorBanner title={loaded ? 'Settings not saved.' : 'Settings not loaded.'} error={error} onDismiss={dismiss} />}
      {loaded ? <SettingsForm /> : !error && <p>Loading settings…</p>}
      <FoldersPanel />
      <ModelsPanel />
      <PacksPanel />
      <AppInfoPanel />
    </section>
  );
}
