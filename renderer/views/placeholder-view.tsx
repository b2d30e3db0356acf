/** The views part 2 fills in: what they will hold, and what to use until then. */
const PLANNED = {
  keys: {
    title: 'API keys',
    next: 'Listing, minting, validating and revoking API keys comes next.',
    meanwhile: 'credvault keys list',
  },
  providers: {
    title: 'Providers',
    next: 'Adding, editing and removing OAuth providers, and linking bearers to them, comes next.',
    meanwhile: 'credvault providers list',
  },
  settings: {
    title: 'Settings',
    next: 'Roots, windows, keep-fresh, the keychain, the clipboard and the theme come next.',
    meanwhile: '<vault home>/settings.json',
  },
} as const;

export function PlaceholderView({ view }: { view: keyof typeof PLANNED }) {
  const { title, next, meanwhile } = PLANNED[view];
  return (
    <section className="placeholder" aria-labelledby="placeholder-title">
      <h1 id="placeholder-title">{title}</h1>
      <p>{next}</p>
      <p>
        Until then: <code>{meanwhile}</code>
      </p>
    </section>
  );
}
