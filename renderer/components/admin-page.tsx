/**
 * The frame of the admin views (Keys, Providers, Token files, Settings): a
 * heading with its tools, a line on what the view holds, and a body that is
 * the list, its empty state (which says what to do next), a note while the
 * first read runs, or why it could not be read.
 */
import { useId, type ReactNode } from 'react';

export interface AdminPageProps {
  title: string;
  /** Buttons and pickers beside the heading. */
  tools?: ReactNode;
  /** What this view holds, one or two sentences. */
  note?: ReactNode;
  children: ReactNode;
}

export function AdminPage({ title, tools, note, children }: AdminPageProps) {
  const titleId = useId();
  return (
    <section className="admin" aria-labelledby={titleId}>
      <header className="admin-head">
        <h1 id={titleId}>{title}</h1>
        {tools}
      </header>
      {note !== undefined && <p className="admin-note">{note}</p>}
      {children}
    </section>
  );
}

export interface ListBodyProps {
  /** The read's failure, e.g. "The keys could not be read". */
  errorLead: string;
  error: string | null;
  /** Nothing read yet. */
  unread: boolean;
  loading: boolean;
  loadingText: string;
  isEmpty: boolean;
  /** The empty state: what is missing and the button that adds the first. */
  empty: ReactNode;
  children: ReactNode;
}

export function ListBody(props: ListBodyProps) {
  const { errorLead, error, unread, loading, loadingText, isEmpty, empty, children } = props;
  return (
    <>
      {error !== null && (
        <div className="banner danger" role="alert">
          <p>
            {errorLead}: {error}
          </p>
        </div>
      )}
      {unread ? (
        loading && <p className="admin-note">{loadingText}</p>
      ) : isEmpty ? (
        <div className="admin-empty">{empty}</div>
      ) : (
        children
      )}
    </>
  );
}
