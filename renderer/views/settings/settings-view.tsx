/**
 * The Settings view: the vault's settings (roots, key files, token files,
 * notifications, clipboard, theme) and the keychain layer.
 */
import { AdminPage } from '../../components/admin-page';
import { useAppStore } from '../../stores/use-app-store';
import { KeychainSection } from './keychain-section';

export function SettingsView() {
  const settings = useAppStore((state) => state.app.settings);
  return (
    <AdminPage title="Settings">
      {settings !== null && <p>Theme: {settings.theme}</p>}
      <KeychainSection />
    </AdminPage>
  );
}
