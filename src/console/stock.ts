/** GET /console/api/townships/:townshipId/stock: every shop in reach, each product on its shelf. */
export interface StockProductView {
  productId: string;
  name: string;
  unit: string;
  category: string;
  /** The points price in force at this shop, and whose it is. */
  pricePoints: number;
  priceSource: 'township' | 'shop';
  qty: number;
  avgCostFen: number;
  /** qty × average, as the shop's till values it. */
  valueFen: number;
  lowStock: number;
  /** At or under its threshold. */
  low: boolean;
  /** Below zero: sold before it was received, so count it (decision 0802). */
  negative: boolean;
  moves: number;
}

export interface StockShopView {
  shopId: string;
  shopName: string;
  villageName: string;
  valueFen: number;
  lowCount: number;
  products: StockProductView[];
}

export interface StockView {
  shops: StockShopView[];
  totalValueFen: number;
}

/** GET /console/api/townships/:townshipId/shops/:shopId/stock/:productId: the stock card. */
export interface StockCardView {
  shopId: string;
  shopName: string;
  productId: string;
  name: string;
  unit: string;
  pricePoints: number | null;
  priceSource: 'township' | 'shop' | null;
  /** Every points price the shop has had, oldest first. */
  prices: { pricePoints: number; fromAt: number }[];
  qty: number;
  avgCostFen: number;
  valueFen: number;
  /** Oldest first: the last 500 moves when there are more. */
  rows: StockCardRowView[];
  totalMoves: number;
}

export interface StockCardRowView {
  at: number;
  kind: string;
  qty: number;
  unitCostFen: number;
  qtyAfter: number;
  avgCostAfterFen: number;
  valueAfterFen: number;
  /** Supplier, donor or reason as the till recorded it. */
  reference: string;
}
