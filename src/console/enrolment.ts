import type { EnrolmentQr } from '../sync/setup-file';

/** POST /console/api/townships/:townshipId/shops/:shopId/enrolment-codes: shown once, never stored in clear. */
export interface NewEnrolmentCode {
  code: string;
  expiresAt: number;
  shopId: string;
  shopName: string;
  /** JSON text of this object is what the QR code carries. */
  qr: EnrolmentQr;
}

/** GET /console/api/townships/:townshipId/enrolment-codes */
export interface EnrolmentCodeView {
  shopId: string;
  shopName: string;
  createdBy: string;
  expiresAt: number;
  usedAt: number | null;
  usedByDevice: string | null;
  state: 'open' | 'used' | 'expired';
}

export interface EnrolmentPageView {
  codes: EnrolmentCodeView[];
  shops: { id: string; name: string; villageName: string }[];
  server: string;
  fingerprint: string;
  tlsFingerprint: string | null;
}
