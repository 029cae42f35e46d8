import { tillError } from '../errors';

/** Roles that may approve or reject an award (三评两审: the approver is never the proposer). */
export const APPROVER_ROLES = ['cadre', 'manager'] as const;
/** Roles that may propose awards and deductions. */
export const PROPOSER_ROLES = ['cadre', 'manager', 'officer'] as const;

export function isApproverRole(role: string): boolean {
  return (APPROVER_ROLES as readonly string[]).includes(role) || role === 'officer';
}

/**
 * An entry that names the same person as proposer and approver breaks the two-person rule:
 * it is refused at the till, and if one arrives anyway (a push, a pull) it is never counted.
 */
export function isSelfApproved(body: { proposedBy?: string | null; approvedBy?: string | null }): boolean {
  return body.approvedBy != null && body.approvedBy === body.proposedBy;
}

export function requireNotSelf(proposedBy: string, approverId: string): void {
  if (proposedBy === approverId) {
    throw tillError(
      'SELF_APPROVAL',
      '不能审批自己提交的积分，请另一位村干部输入密码',
      'You cannot approve your own proposal; another cadre must enter their PIN',
      { proposedBy },
    );
  }
}

export type AwardStatus = 'pending' | 'approved' | 'rejected';

export function requirePending(status: AwardStatus, id: string): void {
  if (status === 'pending') return;
  const zh = status === 'approved' ? '已审批通过' : '已被驳回';
  const en = status === 'approved' ? 'already approved' : 'already rejected';
  throw tillError(
    'ALREADY_DECIDED',
    `这条积分${zh}，不能再审批`,
    `This entry is ${en} and cannot be decided again`,
    {
      id,
      status,
    },
  );
}
