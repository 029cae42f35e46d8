import { connect } from 'node:net';

const DEFAULT_SOCKET = '/run/pcscd/pcscd.comm';

/**
 * Whether pcscd accepts connections. This must be known before nfc-pcsc is created:
 * @pokusew/pcsclite's constructor retries SCardEstablishContext in a busy loop on the
 * main thread while pcscd is down, which would freeze the till. Only pcsc-lite has a
 * socket to check; WinSCard and CryptoTokenKit are assumed up.
 */
export function pcscServiceAnswers(timeoutMs = 1_000): Promise<boolean> {
  if (process.platform !== 'linux' && process.platform !== 'freebsd') return Promise.resolve(true);
  const path = process.env.PCSCLITE_CSOCK_NAME ?? DEFAULT_SOCKET;
  return new Promise((resolve) => {
    const socket = connect({ path });
    const done = (up: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(up);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
