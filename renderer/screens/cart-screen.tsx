import { CartPanel } from '../components/cart-panel';
import { HouseholdPanel } from '../components/household-panel';
import { ProductPicker } from '../components/product-picker';
import { useCounter } from '../state/counter-store';

/** Household on the left, goods in the middle, the cart and confirm on the right. */
export function CartScreen() {
  const household = useCounter((s) => s.household);
  return (
    <div className="cart-screen" data-testid="cart-screen">
      {household && <HouseholdPanel household={household} />}
      <ProductPicker />
      <CartPanel />
    </div>
  );
}
