import { useEffect, useState } from 'react';
import type { SaleView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { fromTillError, type Refusal } from '../state/refusal';

/** Loads the till's last sale for the void and return dialogs. */
export function useLastSale(): { sale: SaleView | null; loaded: boolean; refusal: Refusal | null } {
  const [sale, setSale] = useState<SaleView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  useEffect(() => {
    till.call('sale.last', {}).then(
      (s) => {
        setSale(s);
        setLoaded(true);
      },
      (e) => {
        setRefusal(fromTillError(toTillError(e)));
        setLoaded(true);
      },
    );
  }, []);
  return { sale, loaded, refusal };
}
