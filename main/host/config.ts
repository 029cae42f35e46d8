import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type PrinterProfile, PrinterProfileSchema } from '../printer/profile';

/** How a till service process is started: the same flags for the browser host and the Electron service. */
export interface ServiceConfig {
  dataDir: string;
  demo: boolean;
  printer: PrinterProfile | null;
  readerPreference: string | null;
}

export interface HostConfig extends ServiceConfig {
  port: number;
  staticDir: string;
}

/**
 * `--printer tcp:HOST:PORT` or `--printer /dev/usb/lp0`, with `--printer-width 58|80` and
 * `--printer-charset GB18030|GBK`; the env var JIFEN_PRINTER may hold the same as JSON.
 */
function printerFrom(
  spec: string | undefined,
  width: string | undefined,
  charset: string | undefined,
  env: NodeJS.ProcessEnv,
): PrinterProfile | null {
  if (!spec) return env.JIFEN_PRINTER ? PrinterProfileSchema.parse(JSON.parse(env.JIFEN_PRINTER)) : null;
  const tcp = /^tcp:([^:]+):(\d+)$/.exec(spec);
  const connection = tcp
    ? { type: 'tcp' as const, host: tcp[1]!, port: Number(tcp[2]) }
    : { type: 'device' as const, path: spec };
  return PrinterProfileSchema.parse({
    connection,
    width: Number(width ?? 58),
    charset: charset ?? 'GB18030',
  });
}

export function parseServiceArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): HostConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      static: { type: 'string' },
      printer: { type: 'string' },
      'printer-width': { type: 'string' },
      'printer-charset': { type: 'string' },
      reader: { type: 'string' },
    },
  });
  const port = Number(values.port ?? env.JIFEN_PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
  return {
    dataDir: resolve(values['data-dir'] ?? env.JIFEN_DATA_DIR ?? '.till-data'),
    demo: values.demo || env.JIFEN_DEMO === '1',
    port,
    staticDir: resolve(values.static ?? 'dist/renderer'),
    printer: printerFrom(values.printer, values['printer-width'], values['printer-charset'], env),
    readerPreference: values.reader ?? null,
  };
}
