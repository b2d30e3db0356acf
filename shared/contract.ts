/**
 * The contract between the vault and every front end: each call as a channel
 * `credvault:<domain>.<verb>` with its request and response schemas, each
 * pushed event with its payload schema, the one error shape, and the envelope
 * every transport carries (Electron IPC, the worker's MessagePort, the
 * browser bridge). The handler table (electron/core/api/), the preload and
 * the browser client are all derived from this file; nothing names a
 * channel by hand.
 *
 * Secrets: a response holds one only on the channels in SECRET_CHANNELS, whose
 * names say so (`…reveal…`, `…token…`, a new key at `keys.mint`).
 *
 * Zod under a strict CSP: the renderer must call `z.config({ jitless: true })`
 * before parsing (see renderer/api/), or zod's eval probe raises a violation.
 */
import { z } from 'zod';
import {
  bearerRecordInSchema,
  bearerStatusSchema,
  bearerSummarySchema,
  refreshOutcomeSchema,
  revealedBearerSchema,
  svCheckSchema,
  usableTokenSchema,
} from './schemas/bearers';
import {
  bearerRefSchema,
  emptySchema,
  idSchema,
  pathSchema,
  unixSecondsSchema,
  windowSecondsSchema,
} from './schemas/common';
import { inspectSourceSchema, inspectionSchema } from './schemas/inspection';
import {
  keychainPostureSchema,
  keychainRootRequestSchema,
  masterKeySchema,
} from './schemas/keychain';
import {
  keyFileRequestSchema,
  keyListSchema,
  keyNameSchema,
  keyRevokeRequestSchema,
  keyRevokedSchema,
  keyValidateRequestSchema,
  keyValidationSchema,
  mintedKeySchema,
} from './schemas/keys';
import {
  clientCredentialsRequestSchema,
  clientCredentialsTokenSchema,
  providerAddRequestSchema,
  providerEditRequestSchema,
  providerInfoSchema,
  providerRemoveRequestSchema,
  providerRemovedSchema,
} from './schemas/providers';
import {
  rootAddRequestSchema,
  rootUpdateRequestSchema,
  settingsPatchSchema,
  settingsSchema,
} from './schemas/settings';
import { notificationSchema, trayModelSchema } from './schemas/tray';
import {
  tokenFileInfoSchema,
  tokenFileRequestSchema,
  tokenFileRevealSchema,
  tokenFileSetRequestSchema,
  tokenFileWrittenSchema,
} from './schemas/workspace';

/** What went wrong, in one word: the kinds of the error shape (below). */
export const ERROR_KINDS = [
  /** A negative answer: no such bearer, key, provider. */
  'not-found',
  /** The request is wrong: a bad id, a refused overwrite, a payload that fails its schema. */
  'bad-input',
  /** The machine failed: permissions, a lock timeout, I/O, a bearer too busy to read. */
  'environment',
  /** A server could not be reached or answered wrongly. */
  'network',
  /** The keychain's key is not available (locked or missing). */
  'locked',
  /** This front end cannot do that (e.g. clearing the clipboard from a browser). */
  'unsupported',
  /** The caller is not ours (a foreign IPC sender, no session secret). */
  'forbidden',
  /** A bug: no details, since a foreign message might quote a secret. */
  'internal',
] as const;

function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) {
  return { request, response };
}

export const CHANNELS = {
  // Bearers
  'credvault:bearers.list': channel(
    z.strictObject({
      /** Only these roots; every configured root when absent. */
      roots: z.array(pathSchema).max(256).optional(),
      /** Override the roots' near-expiry windows for this call (the CLI's --window). */
      windowS: windowSecondsSchema.optional(),
    }),
    z.strictObject({
      bearers: z.array(bearerSummarySchema),
      /** Roots that could not be listed, with the reason (one bad root never hides the rest). */
      rootErrors: z.array(
        z.strictObject({
          root: pathSchema,
          error: z.string(),
          /** What kind of failure: 'not-found' (no such folder), 'environment' (unreadable), ... */
          kind: z.enum(ERROR_KINDS).optional(),
        }),
      ),
    }),
  ),
  'credvault:bearers.show': channel(
    z.strictObject({ ref: bearerRefSchema, windowS: windowSecondsSchema.optional() }),
    bearerSummarySchema,
  ),
  'credvault:bearers.reveal': channel(
    z.strictObject({ ref: bearerRefSchema, windowS: windowSecondsSchema.optional() }),
    revealedBearerSchema,
  ),
  'credvault:bearers.token': channel(
    z.strictObject({ ref: bearerRefSchema, windowS: windowSecondsSchema.optional() }),
    usableTokenSchema,
  ),
  'credvault:bearers.put': channel(
    z.strictObject({
      ref: bearerRefSchema,
      record: bearerRecordInSchema,
      /** Replace a bearer whose files are invalid. */
      force: z.boolean().default(false),
    }),
    z.strictObject({ bearer: bearerSummarySchema, conflict: z.string().nullable() }),
  ),
  'credvault:bearers.remove': channel(
    z.strictObject({ ref: bearerRefSchema }),
    z.strictObject({ ref: bearerRefSchema, unlinkedFrom: idSchema.nullable() }),
  ),
  'credvault:bearers.link': channel(
    /** `provider: null` unlinks. */
    z.strictObject({ ref: bearerRefSchema, provider: idSchema.nullable() }),
    z.strictObject({ ref: bearerRefSchema, provider: idSchema.nullable() }),
  ),
  'credvault:bearers.refresh': channel(
    z.strictObject({
      ref: bearerRefSchema,
      force: z.boolean().default(false),
      windowS: windowSecondsSchema.optional(),
    }),
    refreshOutcomeSchema,
  ),
  'credvault:bearers.checkSv': channel(
    z.strictObject({ ref: bearerRefSchema, provider: idSchema.optional() }),
    svCheckSchema,
  ),
  'credvault:bearers.setKeepFresh': channel(
    z.strictObject({ ref: bearerRefSchema, enabled: z.boolean() }),
    z.strictObject({ ref: bearerRefSchema, keepFresh: z.boolean() }),
  ),

  // Inspection (a pasted token travels inwards only; the answer never holds it)
  'credvault:inspect.run': channel(
    z.strictObject({
      source: inspectSourceSchema,
      provider: idSchema.optional(),
      verify: z.boolean().default(true),
    }),
    inspectionSchema,
  ),

  // API keys
  'credvault:keys.list': channel(keyFileRequestSchema, keyListSchema),
  'credvault:keys.mint': channel(
    keyFileRequestSchema.extend({
      name: keyNameSchema,
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,32}$/)
        .optional(),
    }),
    mintedKeySchema,
  ),
  'credvault:keys.validate': channel(keyValidateRequestSchema, keyValidationSchema),
  'credvault:keys.revoke': channel(keyRevokeRequestSchema, keyRevokedSchema),

  // Workspace token files
  'credvault:workspace.list': channel(
    emptySchema,
    z.strictObject({ files: z.array(tokenFileInfoSchema) }),
  ),
  'credvault:workspace.reveal': channel(tokenFileRequestSchema, tokenFileRevealSchema),
  'credvault:workspace.set': channel(tokenFileSetRequestSchema, tokenFileWrittenSchema),

  // Providers
  'credvault:providers.list': channel(
    emptySchema,
    z.strictObject({ providers: z.array(providerInfoSchema) }),
  ),
  'credvault:providers.add': channel(providerAddRequestSchema, providerInfoSchema),
  'credvault:providers.edit': channel(providerEditRequestSchema, providerInfoSchema),
  'credvault:providers.remove': channel(providerRemoveRequestSchema, providerRemovedSchema),
  'credvault:providers.token': channel(
    clientCredentialsRequestSchema,
    clientCredentialsTokenSchema,
  ),

  // Settings
  'credvault:settings.get': channel(emptySchema, settingsSchema),
  'credvault:settings.update': channel(settingsPatchSchema, settingsSchema),
  'credvault:settings.addRoot': channel(rootAddRequestSchema, settingsSchema),
  'credvault:settings.updateRoot': channel(rootUpdateRequestSchema, settingsSchema),
  'credvault:settings.removeRoot': channel(z.strictObject({ path: pathSchema }), settingsSchema),

  // The keychain layer
  'credvault:keychain.status': channel(emptySchema, keychainPostureSchema),
  'credvault:keychain.enable': channel(keychainRootRequestSchema, keychainPostureSchema),
  'credvault:keychain.disable': channel(
    z.strictObject({ root: pathSchema }),
    keychainPostureSchema,
  ),
  /** Reads the master key again (after the user unlocked the keyring). */
  'credvault:keychain.retry': channel(emptySchema, keychainPostureSchema),

  // The tray and the app
  'credvault:tray.get': channel(emptySchema, trayModelSchema),
  /** After sleep: timers did not run, so expiry is re-planned. */
  'credvault:app.resume': channel(emptySchema, emptySchema),
  'credvault:app.info': channel(
    emptySchema,
    z.strictObject({
      version: z.string(),
      home: pathSchema,
      /** The desktop app clears the clipboard after a copy; a browser cannot. */
      mode: z.enum(['desktop', 'browser', 'cli']),
    }),
  ),
  /** Desktop only: main copies the token itself (the renderer never receives it). */
  'credvault:clipboard.copyBearer': channel(
    z.strictObject({ ref: bearerRefSchema, as: z.enum(['token', 'header']) }),
    z.strictObject({ clearsAfterS: z.number().int().min(0).nullable() }),
  ),
} as const;

export type Channels = typeof CHANNELS;
export type ChannelName = keyof Channels;
/** What a caller passes (defaults may be left out). */
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives, after parsing (defaults filled in). */
export type ParsedRequest<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>;

export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[];

/**
 * The only channels whose responses may hold a secret, each named for it.
 * A test checks every other response schema for secret-bearing fields.
 */
export const SECRET_CHANNELS = [
  'credvault:bearers.reveal',
  'credvault:bearers.token',
  'credvault:keys.mint',
  'credvault:workspace.reveal',
  'credvault:providers.token',
] as const satisfies readonly ChannelName[];

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(CHANNELS, value);
}

// Events, pushed from the vault to every subscriber.
export const EVENTS = {
  /** Bearers appeared, changed or went, on disk or through the session. */
  'credvault:bearers.changed': z.strictObject({
    root: pathSchema,
    ids: z.array(idSchema),
    origin: z.enum(['disk', 'session']),
  }),
  /** A bearer crossed a threshold: ok -> near_expiry -> expired. */
  'credvault:bearers.expiry': z.strictObject({
    ref: bearerRefSchema,
    from: bearerStatusSchema.nullable(),
    to: bearerStatusSchema,
    expiresAtUnix: unixSecondsSchema.nullable(),
  }),
  /** Keep-fresh tried a refresh: done, or failed and when it tries again. */
  'credvault:bearers.keepFresh': z.strictObject({
    ref: bearerRefSchema,
    ok: z.boolean(),
    message: z.string(),
    retryAtUnix: unixSecondsSchema.nullable(),
  }),
  /** Show this bearer (a notification or the tray was clicked). */
  'credvault:bearers.open': z.strictObject({ ref: bearerRefSchema }),
  'credvault:keys.changed': z.strictObject({ file: pathSchema }),
  'credvault:providers.changed': emptySchema,
  'credvault:settings.changed': settingsSchema,
  /** Long work, N of M (a cold list, a keychain migration). */
  'credvault:progress': z.strictObject({
    task: z.enum(['list', 'keychain-enable', 'keychain-disable']),
    root: pathSchema.nullable(),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
  'credvault:keychain.changed': z.strictObject({
    masterKey: masterKeySchema,
    reason: z.string().nullable(),
  }),
  'credvault:tray.changed': trayModelSchema,
  'credvault:notification': notificationSchema,
} as const;

export type Events = typeof EVENTS;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENTS, value);
}

/**
 * The one error shape. `message` names the input and the reason in our own
 * words and never holds a secret; `input` names what was wrong (a bearer, a
 * file, a field) when there is one.
 */
export const errorShapeSchema = z.strictObject({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  input: z.string().nullable(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;
export type ErrorKind = ErrorShape['kind'];

/** What a client throws when a call fails: the error shape, as an Error. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly kind: ErrorKind;
  readonly input: string | null;
  constructor(shape: ErrorShape) {
    super(shape.message);
    this.kind = shape.kind;
    this.input = shape.input;
  }
  toShape(): ErrorShape {
    return { kind: this.kind, message: this.message, input: this.input };
  }
}

/** The envelope every transport carries: calls out, results and events back. */
export const callEnvelopeSchema = z.strictObject({
  type: z.literal('call'),
  id: z.number().int().min(0),
  channel: z.string().max(128),
  payload: z.unknown(),
});
export const resultEnvelopeSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    type: z.literal('result'),
    id: z.number().int().min(0),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.strictObject({
    type: z.literal('result'),
    id: z.number().int().min(0),
    ok: z.literal(false),
    error: errorShapeSchema,
  }),
]);
export const eventEnvelopeSchema = z.strictObject({
  type: z.literal('event'),
  event: z.string().max(128),
  payload: z.unknown(),
});
export type CallEnvelope = z.infer<typeof callEnvelopeSchema>;
export type ResultEnvelope = z.infer<typeof resultEnvelopeSchema>;
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type Unsubscribe = () => void;

/**
 * What a front end holds: the preload's object, the browser bridge client and
 * the worker host's client all implement this one interface.
 */
export interface CredvaultClient {
  call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe;
}
