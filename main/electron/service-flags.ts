const SERVICE_FLAGS = ['--printer', '--printer-width', '--printer-charset', '--reader'];

/**
 * The till service's own flags among the shell's arguments (`npm start -- --printer
 * tcp:192.168.1.50:9100`), as --flag=value or --flag value, handed on to the service.
 */
export function serviceFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((a, i) => {
    const eq = a.indexOf('=');
    const [flag, value] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, argv[i + 1]];
    if (SERVICE_FLAGS.includes(flag) && value !== undefined) out.push(flag, value);
  });
  return out;
}
