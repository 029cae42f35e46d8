import { CartPanel } from '../components/cart-panel';
import { HouseholdPanel } from '../components/household-panel';
import { ProductPicker } from '../components/product-picker';
import { useCounter } from '../state/counter-store';

/** Household on the left, goods in the middle, the cart and confirm on the right. */
export function CartScreen() {
  const household = useCounter((s) => s.household);
  const byPlate = useCounter((s) => s.plate !== null);
  return (
    <div className="cart-screen" data-testid="cart-screen">
      {household && <HouseholdPanel household={household} byPlate={byPlate} />}
      <ProductPicker />
      <CartPanel />
    </div>
  );
}
