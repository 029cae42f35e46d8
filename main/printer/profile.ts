import { z } from 'zod';

/** How this till reaches its printer and what the printer can do; kept in settings. */
export const PrinterProfileSchema = z.object({
  connection: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('tcp'),
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65535).default(9100),
    }),
    /** USB printer device file (/dev/usb/lp0) or a Windows shared printer path. */
    z.object({ type: z.literal('device'), path: z.string().min(1).max(400) }),
    z.object({
      type: z.literal('serial'),
      path: z.string().min(1).max(400),
      baudRate: z.number().int().min(1200).max(921_600).default(9600),
    }),
  ]),
  width: z.union([z.literal(58), z.literal(80)]),
  /** GBK-only printers get the characters they lack as raster images. */
  charset: z.enum(['GB18030', 'GBK']).default('GB18030'),
  cutter: z.boolean().default(true),
  /** 'raster' for printers that cannot draw QR codes themselves (no GS ( k). */
  qr: z.enum(['native', 'raster']).default('native'),
  /** Font files for raster lines, searched in order; empty = the system's CJK fonts. */
  fontFiles: z.array(z.string().max(400)).max(20).default([]),
});
export type PrinterProfile = z.output<typeof PrinterProfileSchema>;
export type PrinterProfileInput = z.input<typeof PrinterProfileSchema>;

export function describeProfile(p: PrinterProfile): string[] {
  const c = p.connection;
  const where =
    c.type === 'tcp'
      ? `TCP ${c.host}:${c.port}`
      : c.type === 'serial'
        ? `串口 Serial ${c.path} ${c.baudRate}`
        : `USB ${c.path}`;
  return [`连接 ${where}`, `纸宽 Paper ${p.width} mm`, `字符集 Charset ${p.charset}`];
}
