import { useCounterKeys } from '../scan/use-counter-keys';
import { useCounter } from '../state/counter-store';
import { CartScreen } from './cart-screen';
import { RefusedScreen } from './refused-screen';
import { SuccessScreen } from './success-screen';
import { WaitingScreen } from './waiting-screen';

/** The clerk's working screen: which part shows follows the checkout phase. */
export function CounterScreen() {
  const phase = useCounter((s) => s.phase);
  useCounterKeys();
  switch (phase) {
    case 'waiting':
    case 'looking-up':
      return <WaitingScreen />;
    case 'refused':
      return <RefusedScreen />;
    case 'done':
      return <SuccessScreen />;
    default:
      return <CartScreen />;
  }
}
