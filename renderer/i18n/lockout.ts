/**
 * Strings of the manager unlock on the login screen (issue 11), merged into the
 * resources by renderer/i18n/index.ts under the top-level key `unlock`.
 */
export const lockout = {
  'zh-CN': {
    unlock: {
      title: '店长为 {{name}} 解锁',
      who: '哪位店长？',
      pin: '店长密码',
      submit: '解锁',
      done: '{{name}} 已解锁，请重新输入密码登录。',
      noManager: '本店没有店长账号，请 24 小时后再试或联系乡镇。',
      why: '为什么解锁？（会记录下来）',
      reason: { forgot: '忘记密码', others: '别人输错了', other: '其他' },
    },
  },
  en: {
    unlock: {
      title: 'Manager unlock for {{name}}',
      who: 'Which manager?',
      pin: 'Manager PIN',
      submit: 'Unlock',
      done: '{{name}} is unlocked; log in with the PIN again.',
      noManager: 'This shop has no manager account; try again in 24 hours or call the township.',
      why: 'Why unlock? (it is recorded)',
      reason: { forgot: 'Forgot the PIN', others: 'Someone else typed wrong PINs', other: 'Other' },
    },
  },
};
