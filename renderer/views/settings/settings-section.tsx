/**
 * One section of the Settings view: a heading with its tools, and one
 * sentence on what the section is for (a first run reads them top to bottom).
 */
import { useId, type ReactNode } from 'react';

export interface SettingsSectionProps {
  title: string;
  /** What this section is for, in one sentence. */
  purpose: ReactNode;
  tools?: ReactNode;
  children: ReactNode;
}

export function SettingsSection({ title, purpose, tools, children }: SettingsSectionProps) {
  const titleId = useId();
  return (
    <section className="settings-section" aria-labelledby={titleId}>
      <header className="settings-section-head">
        <h2 id={titleId}>{title}</h2>
        {tools}
      </header>
      <p className="admin-note">{purpose}</p>
      {children}
    </section>
  );
}
