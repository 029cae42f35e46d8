import { describe, expect, it } from 'vitest';
import { isLoopback, listenMode } from './listen-mode';

describe('listen mode', () => {
  it('is HTTPS unless plain HTTP is asked for', () => {
    expect(listenMode({}, '0.0.0.0')).toBe('https');
    expect(listenMode({ JIFEN_TLS: 'on' }, '127.0.0.1')).toBe('https');
  });

  it('allows plain HTTP on loopback, and elsewhere only with the second flag', () => {
    expect(listenMode({ JIFEN_TLS: 'off' }, '127.0.0.1')).toBe('http');
    expect(listenMode({ JIFEN_TLS: 'off' }, '::1')).toBe('http');
    expect(() => listenMode({ JIFEN_TLS: 'off' }, '0.0.0.0')).toThrow(/only for loopback/);
    expect(() => listenMode({ JIFEN_TLS: 'off' }, '192.168.1.10')).toThrow(/only for loopback/);
    expect(listenMode({ JIFEN_TLS: 'off', JIFEN_ALLOW_PLAIN_HTTP: '1' }, '0.0.0.0')).toBe('http');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '192.168.1.10', '::', '10.0.0.1'].some(isLoopback)).toBe(false);
  });
});
