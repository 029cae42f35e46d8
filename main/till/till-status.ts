import type { ApiEvents, PrinterStatusView } from '../../src/api/contract';
import type { TillStatus } from '../../src/sync/till-status';
import { APP_VERSION } from '../sync/app-version';

/**
 * What the till reports about itself with each pull (console dashboard, decision 0600): its
 * version and the reader/printer problems the clerk is shown right now. A printer that was
 * never set up is not a problem (many shops print no receipts).
 */
export function tillStatusOf(reader: ApiEvents['reader.status'], printer: PrinterStatusView): TillStatus {
  const problems: TillStatus['problems'] = [];
  if (reader.message) problems.push({ part: 'reader', ...reader.message });
  if (printer.message && printer.state !== 'not-configured')
    problems.push({ part: 'printer', ...printer.message });
  return { appVersion: APP_VERSION, problems };
}
