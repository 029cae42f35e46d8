import type { PublicPage } from '../types';
import { SignInPage } from './sign-in-page';
import { signInStrings } from './strings';

export const signInPage: PublicPage = { path: 'sign-in', component: SignInPage, strings: signInStrings };
