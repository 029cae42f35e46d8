import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Printer ports this machine shows, for the hardware check and the settings screen:
 * USB printer device files (usblp: /dev/usb/lp*) and USB serial adapters
 * (/dev/ttyUSB*, /dev/ttyACM*). Network printers cannot be listed; they are entered
 * by address. Elsewhere than Linux this finds nothing yet (Windows would ask the
 * spooler for shared printers).
 */
export interface PrinterPort {
  type: 'device' | 'serial';
  path: string;
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export async function listPrinterPorts(devRoot = '/dev'): Promise<PrinterPort[]> {
  if (process.platform !== 'linux' && devRoot === '/dev') return [];
  const usb = (await names(join(devRoot, 'usb'))).filter((n) => /^lp\d+$/.test(n)).sort(byNumber);
  const serial = (await names(devRoot)).filter((n) => /^tty(USB|ACM)\d+$/.test(n)).sort(byNumber);
  return [
    ...usb.map((n) => ({ type: 'device' as const, path: join(devRoot, 'usb', n) })),
    ...serial.map((n) => ({ type: 'serial' as const, path: join(devRoot, n) })),
  ];
}
