export { CatalogApplier } from './catalog-apply';
export { StockLedgerWriter } from './ledger-writer';
