import { z } from 'zod';
import { JournalEntrySchema } from '../journal/entry';
import { MasterDataSchema } from './master-data';
import { TillStatusSchema } from './till-status';

/**
 * Largest batch a till may push in one request; the server refuses bigger ones. It names
 * this limit in every push answer (`maxBatch`); servers before decision 0452 took 1000
 * and did not name it.
 */
export const MAX_PUSH_BATCH = 5000;
/** What a till sends at most to a server whose push answer does not name its limit. */
export const UNNAMED_PUSH_LIMIT = 1000;
/** Largest page of foreign entries one pull returns. */
export const MAX_PULL_PAGE = 2000;
/** Request bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const id = z.uuid();
const publicKey = z.string().regex(/^[A-Za-z0-9+/=]{40,200}$/, 'base64 SPKI DER Ed25519 key');

export const EnrollRequestSchema = z.object({
  code: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  deviceId: id,
  name: z.string().trim().min(1).max(120),
  publicKey,
  /** Set when a till restored from backup starts a new epoch. */
  previousDeviceId: id.nullable(),
});
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export const EnrollResponseSchema = z.object({
  deviceId: id,
  shopId: id,
  townshipId: id,
  serverPublicKey: publicKey,
  serverTime: z.number().int(),
});
export type EnrollResponse = z.infer<typeof EnrollResponseSchema>;

/** A restored till (new device id) signs this with its old key to continue as the new id. */
export const EpochRequestSchema = z.object({ newDeviceId: id, publicKey });

/** The highest seq the till holds: month close checks the server has every entry up to it. */
const head = z.number().int().min(0).optional();

export const PushRequestSchema = z.object({
  entries: z.array(JournalEntrySchema).min(1).max(MAX_PUSH_BATCH),
  head,
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const PushResponseSchema = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
  /** Highest contiguous seq the server holds for this device. */
  lastSeq: z.number().int(),
  serverTime: z.number().int(),
  /** The most entries this server takes in one push (decision 0452); absent from older servers. */
  maxBatch: z.number().int().min(1).optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/**
 * `POST /sync/head {}`: the signing device's stored head, the smallest signed read. A till
 * whose last push may have been stored without its answer asks it before pushing again,
 * so it resends nothing the server holds (decision 0470).
 */
export const HeadRequestSchema = z.object({}).strict();
export const HeadResponseSchema = z.object({
  /** Highest contiguous seq the server holds for this device (0: none). */
  lastSeq: z.number().int().min(0),
  /** The hash of the entry at lastSeq (null when lastSeq is 0): the till checks it is its own. */
  lastHash: z.string().nullable(),
  serverTime: z.number().int(),
});
export type HeadResponse = z.infer<typeof HeadResponseSchema>;

export const PullRequestSchema = z.object({
  cursor: z.number().int().min(0),
  masterVersion: z.number().int().min(0),
  /** Continues a paged master catch-up: the cursor the previous page answered (decision 0701). */
  masterCursor: z.string().max(200).nullable().optional(),
  limit: z.number().int().min(1).max(MAX_PULL_PAGE).default(MAX_PULL_PAGE),
  head,
  /** App version and reader/printer problems, for the console's dashboard (decision 0600). */
  status: TillStatusSchema.optional(),
});
export type PullRequest = z.input<typeof PullRequestSchema>;

export const OverdraftSchema = z.object({
  id,
  householdId: id,
  entryId: id,
  deviceId: id,
  /** Household balance right after the entry that overdrew it (hundredths, negative). */
  balanceAfter: z.number().int(),
  period: z.string(),
  detectedAt: z.number().int(),
  status: z.enum(['open', 'resolved']),
});
export type Overdraft = z.infer<typeof OverdraftSchema>;

/**
 * The township's verdict that it stores an entry but never counts it (decision 0720):
 * an approver without the approver role as the server knows it, or a self-approval.
 */
export const UncountedVerdictSchema = z.object({
  entryId: id,
  reason: z.enum(['approver-role', 'self-approval']),
});
export type UncountedVerdict = z.infer<typeof UncountedVerdictSchema>;

export const PullResponseSchema = z.object({
  serverTime: z.number().int(),
  cursor: z.number().int(),
  more: z.boolean(),
  /** The master version the till holds once it applied this page. */
  masterVersion: z.number().int(),
  /** Master rows changed after the till's version (all of them from version 0), else null. */
  master: MasterDataSchema.nullable(),
  /** Set while more changed master rows follow: send it back as masterCursor; entries come after. */
  masterCursor: z.string().nullable().optional(),
  /** Entries of other devices of the township, in server receive order. */
  entries: z.array(JournalEntrySchema),
  /** Open overdrafts of the township (review list shown on every till). */
  overdrafts: z.array(OverdraftSchema),
  lockedPeriods: z.array(z.string()),
  /** Verdicts on entries in this page's receive range, the till's own included (decision 0720). */
  uncounted: z.array(UncountedVerdictSchema).optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

/** A sync bundle: the no-network path on a USB stick. Same entries, same idempotency. */
export const TillBundleSchema = z.object({
  format: z.literal('jifen-till-bundle/1'),
  deviceId: id,
  createdAt: z.number().int(),
  entries: z.array(JournalEntrySchema).max(1_000_000),
  /** Ed25519 signature (base64) by the device key over the canonical JSON without this field. */
  signature: z.string(),
});
export type TillBundle = z.infer<typeof TillBundleSchema>;

export const ServerBundleSchema = z.object({
  format: z.literal('jifen-server-bundle/1'),
  townshipId: id,
  forDeviceId: id,
  createdAt: z.number().int(),
  /** What the till would have pulled from cursor 0 / master version 0. */
  pull: PullResponseSchema,
  /** Import result of the till bundle this answers, if any. */
  imported: z
    .object({ stored: z.number().int(), duplicates: z.number().int(), lastSeq: z.number().int() })
    .nullable(),
  signature: z.string(),
});
export type ServerBundle = z.infer<typeof ServerBundleSchema>;
