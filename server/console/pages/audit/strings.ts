import { defineStrings } from '../../i18n/strings';

export const auditStrings = defineStrings(
  'audit',
  {
    nav: '操作记录',
    title: '操作记录',
    intro: '管理台里的每一次修改，以及店长在收银机上给店员解锁：谁、什么时候、改了什么。记录只增不改。',
    filter: '按操作筛选（如 shop、device、period）',
    when: '时间',
    who: '操作人',
    action: '操作',
    target: '对象',
    details: '内容',
    more: '更早的记录',
    none: '没有记录',
    unlock: '{{manager}} 在收银机 {{till}} 给 {{clerk}} 解锁（输错密码 {{failures}} 次），原因：{{reason}}',
  },
  {
    nav: 'Audit trail',
    title: 'Audit trail',
    intro:
      'Every change made in the console, and every clerk a manager unlocked at a till: who, when, what. Rows are only ever added.',
    filter: 'Filter by action (e.g. shop, device, period)',
    when: 'When',
    who: 'Who',
    action: 'Action',
    target: 'Target',
    details: 'Details',
    more: 'Older entries',
    none: 'No entries',
    unlock:
      '{{manager}} unlocked {{clerk}} at till {{till}} after {{failures}} wrong PINs; reason: {{reason}}',
  },
);
