/**
 * Settings › Notifications, clipboard and theme, and Settings › Desktop app
 * (close to tray, launch at login: only the desktop app acts on them, so a
 * browser shows them disabled with a note). Each control saves on its own.
 */
import { useId, useState, type FormEvent } from 'react';
import { usePendingAction } from '../../components/use-pending-action';
import type { Settings, ThemeSetting } from '../../stores/app-info-slice';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { ControlError, SavedCheckbox, SavedChoice } from './setting-controls';
import { SettingsSection } from './settings-section';
import { MAX_CLIPBOARD_CLEAR_S, parseSeconds } from './settings-input';

const THEMES: ReadonlyArray<{ value: ThemeSetting; label: string }> = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const CLEAR_LABEL = 'Clear the clipboard after (seconds)';

function ClipboardClearTime({ saved }: { saved: number }) {
  const actions = useActions();
  const mode = useAppStore((state) => state.app.info?.mode);
  const [text, setText] = useState(String(saved));
  const [problem, setProblem] = useState<string | null>(null);
  const action = usePendingAction();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  // Changed elsewhere (another window, the CLI's user editing the file):
  // show the new value, unless the field holds an edit of the user's.
  const [lastSaved, setLastSaved] = useState(saved);
  if (saved !== lastSaved) {
    setLastSaved(saved);
    if (text === String(lastSaved)) setText(String(saved));
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const clearAfterS = parseSeconds(text, MAX_CLIPBOARD_CLEAR_S);
    setProblem(
      clearAfterS === null ? `a whole number of seconds from 0 to ${MAX_CLIPBOARD_CLEAR_S}` : null,
    );
    action.clearError();
    if (clearAfterS !== null)
      await action.run(() => actions.updateSettings({ clipboard: { clearAfterS } }));
  };
  const error = problem ?? action.error;

  return (
    <form
      className="settings-control settings-inline-form"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <label htmlFor={inputId}>{CLEAR_LABEL}</label>
      <div className="settings-inline-row">
        <input
          id={inputId}
          inputMode="numeric"
          value={text}
          aria-invalid={error !== null}
          aria-describedby={error === null ? hintId : `${hintId} ${errorId}`}
          onChange={(event) => {
            setText(event.target.value);
            setProblem(null);
          }}
        />
        <button type="submit" className="button" disabled={action.busy || text === String(saved)}>
          {action.busy ? 'Saving…' : 'Save'}
        </button>
      </div>
      <p id={hintId} className="settings-hint">
        0 never clears; at most {MAX_CLIPBOARD_CLEAR_S}.{' '}
        {mode === 'desktop'
          ? 'Applies to tokens the app copies.'
          : 'Applies to copies made in the desktop app: a browser cannot clear its clipboard.'}
      </p>
      {error !== null && <ControlError id={errorId} name="Clipboard clear time" error={error} />}
    </form>
  );
}

export function PreferencesSection({ settings }: { settings: Settings }) {
  const actions = useActions();
  return (
    <SettingsSection
      title="Notifications, clipboard and theme"
      purpose="How Credvault tells you about expiring bearers, how long a copied token stays on the clipboard, and how it looks."
    >
      <SavedCheckbox
        label="Notify me when a bearer nears expiry or expires"
        hint="Once per bearer and expiry, from the desktop app."
        value={settings.notifications.enabled}
        save={(enabled) => actions.updateSettings({ notifications: { enabled } })}
      />
      <ClipboardClearTime saved={settings.clipboard.clearAfterS} />
      <SavedChoice
        legend="Theme"
        options={THEMES}
        value={settings.theme}
        hint="System follows your desktop's light or dark setting."
        save={(theme) => actions.updateSettings({ theme })}
      />
    </SettingsSection>
  );
}

export function AppOptionsSection({ settings }: { settings: Settings }) {
  const actions = useActions();
  const desktop = useAppStore((state) => state.app.info?.mode === 'desktop');
  return (
    <SettingsSection
      title="Desktop app"
      purpose="How the desktop app starts and what closing its window does."
    >
      {!desktop && (
        <p className="settings-hint">
          Only the desktop app uses these; open it to change them. (This is a browser page.)
        </p>
      )}
      <SavedCheckbox
        label="Keep running in the tray when the window closes"
        value={settings.app.closeToTray}
        disabled={!desktop}
        save={(closeToTray) => actions.updateSettings({ app: { closeToTray } })}
      />
      <SavedCheckbox
        label="Start Credvault when you log in"
        value={settings.app.launchAtLogin}
        disabled={!desktop}
        save={(launchAtLogin) => actions.updateSettings({ app: { launchAtLogin } })}
      />
    </SettingsSection>
  );
}
