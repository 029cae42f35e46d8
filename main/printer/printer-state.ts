import type { PrinterStatusView } from '../../src/api/contract';
import type { GlyphRasterizer } from './glyph-raster';
import type { PrinterProfile } from './profile';
import type { PrintQueue } from './queue';
import { type PrinterCondition, STATUS_MESSAGES } from './status';

/**
 * What the printer service knows of its printer: the profile, its last condition, whether a
 * job is on its way, and what this printer turned out to answer; the status view built from
 * them, published only when it changes. The delivery worker (delivery.ts) updates it.
 */
export class PrinterState {
  condition: PrinterCondition = 'ready';
  sending = false;
  closed = false;
  /** Glyph images for the profile's fonts, made on the first job that needs them. */
  rasterizer: GlyphRasterizer | null = null;
  /**
   * What this printer turned out to answer (learnt per profile): a printer without DLE
   * EOT or GS r support then costs one long wait, not one on every receipt.
   */
  readonly learnt = { statusMisses: 0, confirms: true, asked: false };
  private lastView = '';

  constructor(
    public profile: PrinterProfile | null,
    private readonly queue: PrintQueue,
    private readonly emit: (view: PrinterStatusView) => void,
  ) {}

  /** A new profile: what was learnt of the old printer no longer holds. */
  setProfile(profile: PrinterProfile | null): void {
    this.profile = profile;
    this.rasterizer = null;
    this.learnt.statusMisses = 0;
    this.learnt.confirms = true;
    this.learnt.asked = false;
    this.condition = 'ready';
  }

  view(): PrinterStatusView {
    const state = !this.profile
      ? 'not-configured'
      : this.condition !== 'ready'
        ? this.condition
        : this.sending
          ? 'printing'
          : 'ready';
    return { state, pendingJobs: this.queue.countOpen(), message: STATUS_MESSAGES[state] };
  }

  publish(): void {
    if (this.closed) return;
    const v = this.view();
    const key = JSON.stringify(v);
    if (key !== this.lastView) {
      this.lastView = key;
      this.emit(v);
    }
  }
}
