/**
 * The Settings view: the vault's settings (roots, key files, token files,
 * notifications, clipboard, theme, the desktop app's options) and the
 * keychain layer. The settings are the app slice's `app.settings`, read at
 * start and kept current by `credvault:settings.changed`, so a change made
 * in another window or by the CLI shows here without a reload.
 */
import { AdminPage } from '../../components/admin-page';
import { useAppStore } from '../../stores/use-app-store';
import { KeychainSection } from './keychain-section';
import { PathListSection } from './path-list-section';
import { AppOptionsSection, PreferencesSection } from './preferences-section';
import { RootsSection } from './roots-section';

export function SettingsView() {
  const settings = useAppStore((state) => state.app.settings);
  const error = useAppStore((state) => state.app.error);

  return (
    <AdminPage
      title="Settings"
      note="Saved in the vault’s settings.json as you change them; the CLI and every other Credvault window use them at once."
    >
      {settings === null ? (
        error !== null ? (
          <div className="banner danger" role="alert">
            <p>The settings could not be read: {error}</p>
          </div>
        ) : (
          <p className="admin-note">Reading the settings…</p>
        )
      ) : (
        <div className="settings-sections">
          <RootsSection roots={settings.roots} />
          <PathListSection kind="keyFiles" paths={settings.keyFiles} />
          <PathListSection kind="tokenFiles" paths={settings.tokenFiles} />
          <PreferencesSection settings={settings} />
          <AppOptionsSection settings={settings} />
        </div>
      )}
      <KeychainSection />
    </AdminPage>
  );
}
