import { defineStrings } from '../../i18n/strings';

export const signInStrings = defineStrings(
  'signIn',
  {
    title: '登录管理台',
    username: '用户名',
    password: '密码',
    submit: '登录',
    working: '正在登录…',
    signedOut: '您已退出登录',
  },
  {
    title: 'Sign in to the console',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    working: 'Signing in…',
    signedOut: 'You have signed out',
  },
);
