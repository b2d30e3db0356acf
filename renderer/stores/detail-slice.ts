/**
 * The detail slice: the bearer open in the inspector, what the vault says
 * about its token (decoded and verified in the vault, never here), the
 * break-glass check on demand, Reveal and Copy.
 *
 * The token enters the page only on Reveal, and only the access token (the
 * refresh token is dropped on arrival). It leaves the state when the user
 * hides it, when the detail closes or shows another bearer, and when the
 * bearer changes on disk (the shown token would be stale). Every answer is
 * tagged with the detail it was asked for: one that arrives after the
 * detail closed or moved on is dropped, so a slow Reveal can never land in a
 * closed inspector.
 */
import { ContractError, type ChannelResponse } from '@shared/contract';
import { errorMessage } from '../api/client';
import { authorizationHeaderLine } from '../lib/authorization-header';
import { refOf, sameRef, type BearerRef } from '../lib/bearer-ref';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type Inspection = ChannelResponse<'credvault:inspect.run'>;
export type SvCheck = ChannelResponse<'credvault:bearers.checkSv'>;
export type CopyAs = 'token' | 'header';

export type Loadable<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'failed'; message: string };

export type RevealState =
  | { state: 'hidden' }
  | { state: 'revealing' }
  | { state: 'shown'; accessToken: string }
  | { state: 'failed'; message: string };

export type CopyState =
  | { state: 'idle' }
  | { state: 'copying'; as: CopyAs }
  | { state: 'done' | 'failed'; as: CopyAs; message: string };

export interface DetailState {
  ref: BearerRef | null;
  inspection: Loadable<Inspection>;
  sv: Loadable<SvCheck>;
  reveal: RevealState;
  copy: CopyState;
}

export interface DetailSlice {
  detail: DetailState;
  openDetail(ref: BearerRef): void;
  closeDetail(): void;
  revealToken(): Promise<void>;
  hideToken(): void;
  checkSv(): Promise<void>;
  copyToken(as: CopyAs): Promise<void>;
  /** The open bearer changed (on disk or by a refresh): inspect again, hide the old token. */
  detailBearerChanged(): void;
}

export const BROWSER_CLIPBOARD_NOTE =
  'The browser cannot clear the clipboard later; the desktop app does.';

const CLOSED: DetailState = {
  ref: null,
  inspection: { state: 'idle' },
  sv: { state: 'idle' },
  reveal: { state: 'hidden' },
  copy: { state: 'idle' },
};

function copiedWhat(as: CopyAs): string {
  return as === 'header' ? 'the Authorization header' : 'the token';
}

function desktopCopyMessage(as: CopyAs, clearsAfterS: number | null): string {
  return clearsAfterS === null
    ? `Copied ${copiedWhat(as)}. Clearing the clipboard is turned off in Settings.`
    : `Copied ${copiedWhat(as)}. The clipboard clears in ${clearsAfterS} s.`;
}

export function createDetailSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): DetailSlice {
  const { client } = deps;
  /**
   * Two counters tag the answers. `opened` moves when the detail closes or
   * shows another bearer; `content` moves then too, and also when the open
   * bearer's token changes. A Copy belongs to the open detail (its outcome
   * still matters after a refresh); a Reveal, an inspection and a check
   * belong to the token they were asked about.
   */
  const tags = { opened: 0, content: 0 };
  type Tag = { opened: number; content: number };
  const tagNow = (): Tag => ({ ...tags });

  const detail = () => get().detail;
  /** Applies a patch only if the detail and its token are still the ones asked about. */
  const updateIf = (asked: Tag, patch: Partial<DetailState>) => {
    if (asked.content === tags.content) set({ detail: { ...detail(), ...patch } });
  };
  const updateIfOpen = (asked: Tag, patch: Partial<DetailState>) => {
    if (asked.opened === tags.opened) set({ detail: { ...detail(), ...patch } });
  };

  async function inspect(asked: Tag, ref: BearerRef): Promise<void> {
    updateIf(asked, { inspection: { state: 'loading' } });
    try {
      const value = await client.call('credvault:inspect.run', {
        source: { kind: 'bearer', ref },
        verify: true,
      });
      updateIf(asked, { inspection: { state: 'ready', value } });
    } catch (error) {
      updateIf(asked, { inspection: { state: 'failed', message: errorMessage(error) } });
    }
  }

  /** The browser's own copy: the token crosses only for this write and is not kept. */
  async function copyInPage(ref: BearerRef, as: CopyAs): Promise<string> {
    const { accessToken } = await client.call('credvault:bearers.reveal', { ref });
    const text = as === 'header' ? authorizationHeaderLine(ref.id, accessToken) : accessToken;
    await deps.writeClipboard(text);
    return `Copied ${copiedWhat(as)}. ${BROWSER_CLIPBOARD_NOTE}`;
  }

  async function copy(ref: BearerRef, as: CopyAs): Promise<string> {
    if (get().app.info?.mode === 'browser') return copyInPage(ref, as);
    try {
      const { clearsAfterS } = await client.call('credvault:clipboard.copyBearer', { ref, as });
      return desktopCopyMessage(as, clearsAfterS);
    } catch (error) {
      // A front end without a clipboard in main says so: the page copies instead.
      if (error instanceof ContractError && error.kind === 'unsupported') {
        return copyInPage(ref, as);
      }
      throw error;
    }
  }

  return {
    detail: CLOSED,

    openDetail: (ref) => {
      tags.opened += 1;
      tags.content += 1;
      const asked = tagNow();
      const target = refOf(ref);
      set({ detail: { ...CLOSED, ref: target } });
      void inspect(asked, target);
    },

    closeDetail: () => {
      tags.opened += 1;
      tags.content += 1;
      set({ detail: CLOSED });
    },

    revealToken: async () => {
      const { ref } = detail();
      if (ref === null) return;
      const asked = tagNow();
      updateIf(asked, { reveal: { state: 'revealing' } });
      try {
        const revealed = await client.call('credvault:bearers.reveal', { ref });
        updateIf(asked, { reveal: { state: 'shown', accessToken: revealed.accessToken } });
      } catch (error) {
        updateIf(asked, { reveal: { state: 'failed', message: errorMessage(error) } });
      }
    },

    hideToken: () => set({ detail: { ...detail(), reveal: { state: 'hidden' } } }),

    checkSv: async () => {
      const { ref } = detail();
      if (ref === null) return;
      const asked = tagNow();
      updateIf(asked, { sv: { state: 'loading' } });
      try {
        const value = await client.call('credvault:bearers.checkSv', { ref });
        updateIf(asked, { sv: { state: 'ready', value } });
      } catch (error) {
        updateIf(asked, { sv: { state: 'failed', message: errorMessage(error) } });
      }
    },

    copyToken: async (as) => {
      const { ref } = detail();
      if (ref === null) return;
      const asked = tagNow();
      updateIfOpen(asked, { copy: { state: 'copying', as } });
      try {
        const message = await copy(ref, as);
        updateIfOpen(asked, { copy: { state: 'done', as, message } });
      } catch (error) {
        updateIfOpen(asked, { copy: { state: 'failed', as, message: errorMessage(error) } });
      }
    },

    detailBearerChanged: () => {
      const { ref } = detail();
      if (ref === null) return;
      // A Reveal or check still on its way was about the old token.
      tags.content += 1;
      const asked = tagNow();
      set({
        detail: { ...detail(), sv: { state: 'idle' }, reveal: { state: 'hidden' } },
      });
      void inspect(asked, ref);
    },
  };
}

/** Whether a change event touches the bearer open in the detail. */
export function changeTouches(
  open: BearerRef | null,
  change: { root: string; ids: readonly string[] },
): boolean {
  if (open === null || open.root !== change.root) return false;
  return (
    change.ids.length === 0 || change.ids.some((id) => sameRef(open, { root: change.root, id }))
  );
}
