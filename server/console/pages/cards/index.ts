import type { ConsolePage } from '../types';
import { CardsPage } from './cards-page';
import { cardStrings } from './strings';

export const cardsPage: ConsolePage = {
  path: 'cards',
  navKey: 'cards.nav',
  roles: ['officer'],
  component: CardsPage,
  strings: cardStrings,
};
