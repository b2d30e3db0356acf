/**
 * The page's globals that specs touch inside `page.evaluate`, typed narrowly:
 * the Node-side tsconfig has no DOM library (on purpose: nothing in
 * electron/ may lean on `window`). Use as a type only; an evaluated function
 * is sent to the page as source and cannot close over an import.
 */
export interface PageGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
  sessionStorage: { getItem(key: string): string | null };
  /** A mark a reload would lose. */
  stillThisPage?: boolean;
}
