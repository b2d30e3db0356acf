/**
 * One section of the Settings view: a heading with its tools, and one
 * sentence on what the section is for (a first run reads them top to bottom).
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

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

/**
 * Where the focus goes when a dialog closes on a row that is gone (its
 * Remove button went with it): to the section's Add button, not the page.
 * Checked in an effect after the commit that closed the dialog, so the
 * dialog's own cleanup (which returns the focus when it can) has run.
 */
export function useFocusFallback<T extends HTMLElement>(dialogOpen: boolean) {
  const ref = useRef<T>(null);
  const wasOpen = useRef(dialogOpen);
  useEffect(() => {
    if (wasOpen.current && !dialogOpen) {
      const active = document.activeElement;
      if (active === null || active === document.body) ref.current?.focus();
    }
    wasOpen.current = dialogOpen;
  }, [dialogOpen]);
  return ref;
}
