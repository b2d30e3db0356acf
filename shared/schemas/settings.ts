/**
 * The vault's settings, kept in `<home>/settings.json` and served as they
 * are. Every field has a default, so an older or hand-trimmed file still loads.
 */
import { z } from 'zod';
import { bearerRefSchema, pathSchema, windowSecondsSchema } from './common';

export const DEFAULT_WINDOW_S = 300;
export const DEFAULT_CLIPBOARD_CLEAR_S = 30;

export const rootSettingsSchema = z.strictObject({
  path: pathSchema,
  windowS: windowSecondsSchema.default(DEFAULT_WINDOW_S),
  /** Other programs use this root (the seeds' broker reads plain files). */
  shared: z.boolean().default(false),
  /** Refresh every linked bearer of this root before it expires. */
  keepFresh: z.boolean().default(false),
  /** The keychain layer: secrets at rest encrypted with the vault's master key. */
  encrypted: z.boolean().default(false),
});
export type RootSettings = z.infer<typeof rootSettingsSchema>;

export const themeSchema = z.enum(['system', 'light', 'dark']);

export const settingsSchema = z.strictObject({
  version: z.literal(1).default(1),
  /** The default root (`<home>/bearers`) is always among them. */
  roots: z.array(rootSettingsSchema).max(256).default([]),
  keyFiles: z.array(pathSchema).max(256).default([]),
  tokenFiles: z.array(pathSchema).max(256).default([]),
  /** Bearers kept fresh one by one (a whole root: its `keepFresh`). */
  keepFreshBearers: z.array(bearerRefSchema).max(100_000).default([]),
  notifications: z
    .strictObject({
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  clipboard: z
    .strictObject({
      /** 0 never clears. */
      clearAfterS: z.number().int().min(0).max(3600).default(DEFAULT_CLIPBOARD_CLEAR_S),
    })
    .prefault({}),
  theme: themeSchema.default('system'),
  app: z
    .strictObject({
      closeToTray: z.boolean().default(false),
      launchAtLogin: z.boolean().default(false),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The plain parts of the settings, changed in one call. Roots have calls of their own. */
export const settingsPatchSchema = z.strictObject({
  keyFiles: z.array(pathSchema).max(256).optional(),
  tokenFiles: z.array(pathSchema).max(256).optional(),
  notifications: z.strictObject({ enabled: z.boolean() }).optional(),
  clipboard: z.strictObject({ clearAfterS: z.number().int().min(0).max(3600) }).optional(),
  theme: themeSchema.optional(),
  app: z
    .strictObject({ closeToTray: z.boolean().optional(), launchAtLogin: z.boolean().optional() })
    .optional(),
});

export const rootAddRequestSchema = z.strictObject({
  path: pathSchema,
  windowS: windowSecondsSchema.optional(),
  /** Default: on when the root already holds bearers (someone else writes it). */
  shared: z.boolean().optional(),
});

export const rootUpdateRequestSchema = z.strictObject({
  path: pathSchema,
  windowS: windowSecondsSchema.optional(),
  shared: z.boolean().optional(),
  keepFresh: z.boolean().optional(),
});
