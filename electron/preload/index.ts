/**
 * The sandboxed preload: hands the page one object, `window.credvault`, the
 * contract's client (preload-client.ts), and nothing else. Built as a
 * CommonJS bundle (scripts/build-electron.mjs): a sandboxed preload cannot be
 * an ES module.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { createPreloadClient } from './preload-client';

// zod probes `new Function` on its first parse unless told not to; the page's
// CSP has no 'unsafe-eval', and jitless parsing is all the client needs.
z.config({ jitless: true });

contextBridge.exposeInMainWorld('credvault', createPreloadClient(ipcRenderer));
