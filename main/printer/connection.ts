import type { StatusBytes } from './status';

/**
 * One open line to a printer. A job opens one, asks the status, writes, waits until the
 * printer says it has printed, and closes it: a printer that was switched off, had its
 * cable pulled or rebooted is simply reached afresh by the next attempt.
 */
export interface PrinterConnection {
  /** Real-time status (DLE EOT); null when this transport or printer cannot answer. */
  status(timeoutMs: number): Promise<StatusBytes | null>;
  write(data: Buffer): Promise<void>;
  /**
   * Asks the printer to answer once everything written so far has printed (GS r 1):
   * resolves 'printed' then, 'unsupported' at once for transports that cannot read,
   * rejects with ConnectionLost; it never times out by itself (the queue decides).
   */
  printed(): Promise<'printed' | 'unsupported'>;
  close(): void;
}

export class ConnectionLost extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ConnectionLost';
  }
}
