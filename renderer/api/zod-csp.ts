/**
 * Imported first by the entry: zod probes `new Function` on its first parse
 * unless told not to, and the page's CSP (`script-src 'self'`, no eval)
 * reports that probe as a violation. Jitless parsing is all the UI needs.
 */
import { z } from 'zod';

z.config({ jitless: true });
