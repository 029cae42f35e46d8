import { z } from 'zod';

/**
 * Till API calls of the first-run setup (a till on an empty data folder) and of clerk
 * PINs. The setup calls need no clerk: clerks only arrive with the master data that
 * enrolment brings. Once the till serves a shop they refuse (see main/setup).
 */
const id = z.uuid();
const pin = z.string().regex(/^\d{4,8}$/, 'PIN is 4–8 digits');
const deviceName = z.string().trim().min(1).max(80);

/** A setup file from the township (signed JSON) is a few MB for a large township. */
export const SETUP_FILE_MAX_BYTES = 64 * 1024 * 1024;

export const setupSchemas = {
  'setup.state': z.object({}),
  'setup.join': z.object({
    serverUrl: z.url({ protocol: /^https?$/ }).max(300),
    code: z.string().trim().min(4).max(64),
    /** The server key fingerprint the code or QR shows: 64 hex digits, any spacing. */
    fingerprint: z
      .string()
      .max(200)
      .refine((s) => s.replace(/[^0-9a-f]/gi, '').length === 64, 'fingerprint is 64 hex digits'),
    /** The QR's TLS certificate SHA-256 (an https server's self-signed certificate is pinned to it). */
    tls: z
      .string()
      .max(200)
      .refine((s) => s.replace(/[^0-9a-f]/gi, '').length === 64, 'TLS fingerprint is 64 hex digits')
      .nullable()
      .default(null),
    name: deviceName,
  }),
  'setup.loadFile': z.object({
    /** The file's text as read by the page's file picker. */
    content: z.string().min(2).max(SETUP_FILE_MAX_BYTES),
    name: deviceName,
  }),
  /** A clerk whose PIN is an initial one sets a new one before the first login. */
  'pin.change': z.object({ clerkId: id, pin, newPin: pin }),
  /** A manager sets a new initial PIN for a clerk of this shop (the clerk must change it). */
  'pin.reset': z.object({ clerkId: id, newPin: pin }),
} as const;

export type SetupPhase =
  /** Empty data folder: show the setup screen. */
  | 'needs-setup'
  /** Enrolled (or file loaded) but the shop's master data has not arrived yet. */
  | 'waiting-for-data'
  | 'ready';

export interface SetupStateView {
  phase: SetupPhase;
  demo: boolean;
  deviceId: string;
  /** Where the till is enrolled, once it is. */
  serverUrl: string | null;
  /** Why the data has not arrived yet (offline, refused), in both languages. */
  message: { zh: string; en: string } | null;
}

export interface SetupResults {
  'setup.state': SetupStateView;
  'setup.join': SetupStateView;
  'setup.loadFile': SetupStateView;
  'pin.change': { ok: true };
  'pin.reset': { ok: true };
}

/** Setup calls answer before login; pin.change proves the clerk by the old PIN itself. */
export const SETUP_PUBLIC_CALLS = ['setup.state', 'setup.join', 'setup.loadFile', 'pin.change'] as const;
