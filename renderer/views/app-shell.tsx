/**
 * The window's frame: the navigation between the views, which front end
 * this is, the link to the vault, and the theme (the settings' choice, else
 * the system's, applied as html[data-theme] for the stylesheet).
 */
import { lazy, Suspense, useEffect } from 'react';
import { VIEWS, type ViewName } from '../stores/ui-slice';
import { useActions, useAppStore } from '../stores/use-app-store';
import { BearersView } from './bearers/bearers-view';

// The first paint needs only the Bearers view: the others load when opened,
// so their code is not parsed before the first rows.
const KeysView = lazy(() => import('./keys/keys-view').then((m) => ({ default: m.KeysView })));
const ProvidersView = lazy(() =>
  import('./providers/providers-view').then((m) => ({ default: m.ProvidersView })),
);
const TokenFilesView = lazy(() =>
  import('./workspace/token-files-view').then((m) => ({ default: m.TokenFilesView })),
);
const SettingsView = lazy(() =>
  import('./settings/settings-view').then((m) => ({ default: m.SettingsView })),
);

const LABELS: Record<ViewName, string> = {
  bearers: 'Bearers',
  keys: 'Keys',
  providers: 'Providers',
  tokens: 'Token files',
  settings: 'Settings',
};

function ConnectionNote() {
  const connection = useAppStore((state) => state.app.connection);
  const infoError = useAppStore((state) => state.app.error);
  if (connection === 'connected') {
    return infoError === null ? null : (
      <span className="connection lost" role="alert">
        The vault's details could not be read: {infoError}
      </span>
    );
  }
  return (
    <span className="connection lost" role="alert">
      {connection === 'reconnecting'
        ? 'Reconnecting to the vault…'
        : 'Signed out: open a new link from `credvault ui`'}
    </span>
  );
}

export function AppShell() {
  const actions = useActions();
  const view = useAppStore((state) => state.ui.view);
  const theme = useAppStore((state) => state.app.theme);
  const info = useAppStore((state) => state.app.info);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            cv
          </span>
          Credvault
        </div>
        <nav className="nav" aria-label="Views">
          {VIEWS.map((name) => (
            <button
              key={name}
              type="button"
              className="nav-item"
              aria-current={view === name ? 'page' : undefined}
              onClick={() => actions.showView(name)}
            >
              {LABELS[name]}
            </button>
          ))}
        </nav>
        <div className="topbar-end">
          <ConnectionNote />
          {info !== null && (
            <span title={info.home}>
              {info.mode === 'browser' ? 'browser' : 'desktop'} · v{info.version}
            </span>
          )}
        </div>
      </header>
      <main className="main">
        <Suspense fallback={<p className="admin-note">Loading…</p>}>
          {view === 'bearers' ? (
            <BearersView />
          ) : view === 'keys' ? (
            <KeysView />
          ) : view === 'providers' ? (
            <ProvidersView />
          ) : view === 'tokens' ? (
            <TokenFilesView />
          ) : (
            <SettingsView />
          )}
        </Suspense>
      </main>
    </div>
  );
}
