import type { Browser, Page } from 'playwright-core';
import { launchChromium, openCounterPage } from '../../support/browser';
import { type Pcscd, startPcscd } from '../../support/pcscd';
import { type PrinterEmulator, startPrinterEmulator } from '../../support/printer-emulator';
import { startTillHost, type TillHost } from './till-host';

/** Everything a counter test stands on: pcscd with vpcd, a printer, the host, Chromium, the page. */
export interface CounterRig {
  pcscd: Pcscd;
  printer: PrinterEmulator;
  host: TillHost;
  browser: Browser;
  page: Page;
}

/** Starts the rig; on a failure half-way, stops what already started before rethrowing. */
export async function startCounterRig(options: { printerWidth: 58 | 80 }): Promise<CounterRig> {
  const started: Partial<CounterRig> = {};
  try {
    started.pcscd = await startPcscd();
    started.printer = await startPrinterEmulator();
    started.host = await startTillHost({
      printerPort: started.printer.port,
      printerWidth: options.printerWidth,
    });
    started.browser = await launchChromium();
    started.page = await openCounterPage(started.browser, started.host.url);
    return started as CounterRig;
  } catch (e) {
    await stopCounterRig(started);
    throw e;
  }
}

/** Stops exactly what was started, last first. */
export async function stopCounterRig(rig: Partial<CounterRig>): Promise<void> {
  await rig.browser?.close();
  await rig.host?.dispose();
  await rig.printer?.close();
  await rig.pcscd?.stop();
}
