/**
 * The township's "not counted" verdicts on the till (decision 0720), merged into the
 * resources by renderer/i18n/index.ts under the key `verdicts`.
 */
export const verdicts = {
  'zh-CN': {
    verdicts: {
      'approver-role': '乡镇不计入：审批人没有审批权限',
      'self-approval': '乡镇不计入：提交人自己审批',
    },
  },
  en: {
    verdicts: {
      'approver-role': 'Not counted by the township: the approver may not approve',
      'self-approval': 'Not counted by the township: approved by its own proposer',
    },
  },
} as const;
