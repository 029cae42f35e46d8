import { useEffect, useState } from 'react';
import type { SaleView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { fromTillError, type Refusal } from '../state/refusal';

/**
 * The sale the void and return dialogs are about: the till's last sale at first, then
 * whichever one the clerk finds by receipt number or QR code (see SalePicker).
 */
export function useLastSale(): {
  sale: SaleView | null;
  loaded: boolean;
  refusal: Refusal | null;
  choose(sale: SaleView): void;
} {
  const [sale, setSale] = useState<SaleView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  useEffect(() => {
    till.call('sale.last', {}).then(
      (s) => {
        setSale((chosen) => chosen ?? s);
        setLoaded(true);
      },
      (e) => {
        setRefusal(fromTillError(toTillError(e)));
        setLoaded(true);
      },
    );
  }, []);
  return {
    sale,
    loaded,
    refusal,
    choose: (s) => {
      setSale(s);
      setRefusal(null);
      setLoaded(true);
    },
  };
}
