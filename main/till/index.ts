export { type CheckoutInput, commitSale } from './checkout';
export { type Actor, contextFor, type TillContext } from './context';
export { receiveGoods, receiveStock, writeOff, writeOffGoods } from './inventory';
export { blockCard, postPoints, suspendHousehold } from './points';
export { reverseSale } from './reversal';
export { createTillService, type TillService, type TillServiceOptions } from './service';
export { approveCount, openCount, recordCount } from './stock-count';
