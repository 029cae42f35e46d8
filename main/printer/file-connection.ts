import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { ConnectionLost, type PrinterConnection } from './connection';

/**
 * A printer reached through a path the OS gives us: a USB printer's device file
 * (/dev/usb/lp0 on Linux, a shared printer \\localhost\POS58 on Windows, which the
 * spooler passes through raw) or a serial port (/dev/ttyUSB0, \\.\COM3) whose speed
 * is set with the system's own tool first. Write-only: reading a device file blocks a
 * worker thread with no way to cancel it, so these transports report no real-time
 * status and a job counts as printed once the OS accepted all of its bytes.
 */

const run = promisify(execFile);

export async function configureSerial(path: string, baudRate: number): Promise<void> {
  if (process.platform === 'win32') {
    const port = path.replace(/^\\\\\.\\/, '');
    await run('mode', [port, `BAUD=${baudRate}`, 'PARITY=n', 'DATA=8', 'STOP=1']);
  } else {
    const flag = process.platform === 'darwin' ? '-f' : '-F';
    await run('stty', [flag, path, String(baudRate), 'raw', '-echo', 'cs8', '-cstopb', '-parenb']);
  }
}

export async function openDeviceFile(
  path: string,
  serial: { baudRate: number } | null,
): Promise<PrinterConnection> {
  try {
    if (serial) await configureSerial(path, serial.baudRate);
    // Never O_CREAT: with the printer unplugged, /dev/usb/lp0 must not become a plain file.
    const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
    let closed = false;
    return {
      async status() {
        return null;
      },
      async write(data) {
        if (closed) throw new ConnectionLost('closed');
        try {
          await handle.write(data);
        } catch (e) {
          throw new ConnectionLost((e as Error).message);
        }
      },
      async printed() {
        return 'unsupported';
      },
      close() {
        if (closed) return;
        closed = true;
        void handle.close().catch(() => {});
      },
    };
  } catch (e) {
    if (e instanceof ConnectionLost) throw e;
    throw new ConnectionLost((e as Error).message);
  }
}
