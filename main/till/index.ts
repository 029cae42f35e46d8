export { type CheckoutInput, commitSale } from './checkout';
export { type Actor, contextFor, type TillContext } from './context';
export { receiveStock, stocktake, writeOff } from './inventory';
export { blockCard, postPoints, suspendHousehold } from './points';
export { reverseSale } from './reversal';
export { createTillService, type TillService, type TillServiceOptions } from './service';
