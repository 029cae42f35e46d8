import { TillError } from '../errors';

/**
 * Every reason the server gives for refusing a sync request. The code is always
 * SYNC_REFUSED; `details.reason` is the stable machine reason the client acts on.
 */
export type RefusalReason =
  | 'malformed'
  | 'too-large'
  | 'unsigned'
  | 'unknown-device'
  | 'revoked'
  | 'superseded'
  | 'bad-signature'
  | 'clock-skew'
  | 'replayed'
  | 'bad-code'
  | 'device-exists'
  | 'wrong-device'
  | 'seq-gap'
  | 'chain-broken'
  | 'conflict'
  | 'bad-bundle'
  | 'rate-limited'
  | 'not-permitted';

const messages: Record<RefusalReason, { zh: string; en: string }> = {
  malformed: { zh: '同步请求格式不对', en: 'The sync request is malformed' },
  'too-large': { zh: '同步请求太大', en: 'The sync request is too large' },
  unsigned: { zh: '同步请求没有签名', en: 'The sync request is not signed' },
  'unknown-device': {
    zh: '服务器不认识这台收银机，请重新登记',
    en: 'The server does not know this till; enrol it again',
  },
  revoked: { zh: '这台收银机已被乡镇停用', en: 'This till has been revoked by the township' },
  superseded: {
    zh: '这台收银机已从备份恢复为新设备，旧身份不能再同步',
    en: 'This till was restored as a new device; the old identity can no longer sync',
  },
  'bad-signature': { zh: '签名不对，请求被拒绝', en: 'Wrong signature; request refused' },
  'clock-skew': { zh: '收银机时钟与服务器相差太多', en: 'The till clock is too far from the server clock' },
  replayed: { zh: '重复的请求（可能被重放）', en: 'Repeated request (possible replay)' },
  'bad-code': { zh: '登记码无效或已用过', en: 'The enrolment code is invalid or already used' },
  'device-exists': { zh: '这台收银机已经登记过', en: 'This till is already enrolled' },
  'wrong-device': { zh: '记录不属于这台收银机', en: 'Entries do not belong to this till' },
  'seq-gap': { zh: '记录序号有缺口，请从指定序号重发', en: 'Sequence gap; resend from the expected number' },
  'chain-broken': { zh: '记录哈希链断了，可能被篡改', en: 'The hash chain is broken; possible tampering' },
  conflict: {
    zh: '同一序号或编号的记录内容不同，可能被篡改',
    en: 'An entry with the same number or id differs; possible tampering',
  },
  'bad-bundle': { zh: '同步文件无效或签名不对', en: 'The sync bundle is invalid or wrongly signed' },
  'rate-limited': { zh: '请求太频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  'not-permitted': {
    zh: '这台收银机或这位店员无权写入这条记录',
    en: 'This till or clerk may not write this entry',
  },
};

export function syncRefusal(reason: RefusalReason, details: Record<string, unknown> = {}): TillError {
  return new TillError('SYNC_REFUSED', messages[reason], { reason, ...details });
}

export function refusalReason(e: unknown): RefusalReason | null {
  if (e instanceof TillError && e.code === 'SYNC_REFUSED' && typeof e.details.reason === 'string') {
    return e.details.reason as RefusalReason;
  }
  return null;
}
