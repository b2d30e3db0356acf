/** The tray as data: what the icon, tooltip and menu show. Built by the core, drawn by main. */
import { z } from 'zod';
import { bearerRefSchema, unixSecondsSchema } from './common';
import { bearerStatusSchema } from './bearers';

/** Worst first: the icon shows the worst state any bearer is in. */
export const TRAY_STATES = ['expired', 'near_expiry', 'attention', 'ok'] as const;
export const trayStateSchema = z.enum(TRAY_STATES);

export const trayItemSchema = z.strictObject({
  ref: bearerRefSchema,
  status: bearerStatusSchema,
  expiresAtUnix: unixSecondsSchema.nullable(),
  /** e.g. "agent-A — expires in 4 min" (rounded to the minute when the menu opens). */
  label: z.string(),
});

export const trayModelSchema = z.strictObject({
  state: trayStateSchema,
  counts: z.strictObject({
    expired: z.number().int().min(0),
    nearExpiry: z.number().int().min(0),
    attention: z.number().int().min(0),
    ok: z.number().int().min(0),
  }),
  tooltip: z.string(),
  /** Bearers near or past expiry, each offered a Refresh; Open and Quit are added by main. */
  items: z.array(trayItemSchema),
});

export const notificationSchema = z.strictObject({
  /** Stable per (root, id, state, expires_at), or per summary. */
  key: z.string(),
  title: z.string(),
  body: z.string(),
  /** The bearer a click opens; null for a summary of several. */
  ref: bearerRefSchema.nullable(),
});
