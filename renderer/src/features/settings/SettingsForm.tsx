import { useShallow } from 'zustand/react/shallow';
import type { Settings } from '../../../../electron/shared/settings';
import { useSwitchboard } from '../../stores';

type Theme = Settings['appearance']['theme'];

const THEMES: ReadonlyArray<{ value: Theme; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

// Controls show core's settings, not local copies: a change is sent and the reply (or event) updates them.

export function AppearancePanel() {
  const { theme, update } = useSwitchboard(useShallow((s) => ({ theme: s.settings?.appearance.theme ?? 'system', update: s.updateSettings })));
  return (
    <fieldset className="settings-group">
      <legend>Theme</legend>
      <div className="radio-row">
        {THEMES.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name="theme"
              value={option.value}
              checked={theme === option.value}
              onChange={() => void update({ appearance: { theme: option.value } })}
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function PrivacyPanel() {
  const { offline, update } = useSwitchboard(useShallow((s) => ({ offline: s.settings?.privacy.offline ?? false, update: s.updateSettings })));
  return (
    <fieldset className="settings-group">
      <legend>Privacy</legend>
      <Toggle
        id="setting-offline"
        label="Offline mode"
        hint="Nothing leaves this computer: no remote models and no downloads."
        checked={offline}
        onChange={(value) => void update({ privacy: { offline: value } })}
      />
    </fieldset>
  );
}

export function VoicePanel() {
  const { sendImmediately, update } = useSwitchboard(
    useShallow((s) => ({ sendImmediately: s.settings?.voice.sendImmediately ?? false, update: s.updateSettings })),
  );
  return (
    <fieldset className="settings-group">
      <legend>Voice</legend>
      <Toggle
        id="setting-voice-send"
        label="Send voice messages immediately"
        hint="Send the transcript at once instead of placing it in the composer to edit."
        checked={sendImmediately}
        onChange={(value) => void update({ voice: { sendImmediately: value } })}
      />
      <p className="hint">Speech is recognised on this computer; its model is listed under Models.</p>
    </fieldset>
  );
}

interface ToggleProps {
  id: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

function Toggle({ id, label, hint, checked, onChange }: ToggleProps) {
  return (
    <div className="toggle">
      <input id={id} type="checkbox" role="switch" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
    </div>
  );
}
