import { describe, expect, it } from 'vitest';
import { createListeners } from './listeners';

interface Events {
  tap: { uid: string };
  status: number;
}

describe('the listener registry', () => {
  it('delivers each event to its own listeners, until they unsubscribe', () => {
    const r = createListeners<Events>();
    const taps: string[] = [];
    const states: number[] = [];
    const off = r.on('tap', (p) => taps.push(p.uid));
    r.on('status', (s) => states.push(s));
    r.emit('tap', { uid: 'A' });
    r.emit('status', 3);
    off();
    r.emit('tap', { uid: 'B' });
    expect(taps).toEqual(['A']);
    expect(states).toEqual([3]);
  });

  it('a listener unsubscribing itself while an event is delivered does not skip the next one', () => {
    const r = createListeners<Events>();
    const seen: string[] = [];
    const off = r.on('tap', () => {
      seen.push('first');
      off();
    });
    r.on('tap', () => seen.push('second'));
    r.emit('tap', { uid: 'A' });
    expect(seen).toEqual(['first', 'second']);
  });

  it('with an error handler, a throwing listener is reported and the others still run', () => {
    const errors: string[] = [];
    const r = createListeners<Events>((event, e) => errors.push(`${String(event)}: ${(e as Error).message}`));
    const seen: number[] = [];
    r.on('status', () => {
      throw new Error('boom');
    });
    r.on('status', (s) => seen.push(s));
    r.emit('status', 1);
    expect(errors).toEqual(['status: boom']);
    expect(seen).toEqual([1]);
  });

  it('without one, the error reaches the emitter', () => {
    const r = createListeners<Events>();
    r.on('status', () => {
      throw new Error('boom');
    });
    expect(() => r.emit('status', 1)).toThrow('boom');
  });
});
