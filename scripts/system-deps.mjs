// Makes sure the Debian packages the till (npm install) or the test suite (npm test)
// needs are present. As root it installs them; otherwise it stops with the exact
// command to run. Tests never fall back to a simulator when these are missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const mode = process.argv.includes('--for') ? process.argv[process.argv.indexOf('--for') + 1] : 'test';
const isLinux = process.platform === 'linux';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Debian package → how we know it is installed. */
const needs = {
  install: {
    'libpcsclite-dev': () => existsSync('/usr/include/PCSC/winscard.h'),
    pcscd: () => existsSync('/usr/sbin/pcscd'),
    // CJK fonts the printer rasterises from: WenQuanYi for common text, Hanazono for rare name characters.
    'fonts-wqy-microhei': () => dpkgHas('fonts-wqy-microhei'),
    'fonts-hanazono': () => dpkgHas('fonts-hanazono'),
  },
  test: {
    'libpcsclite-dev': () => existsSync('/usr/include/PCSC/winscard.h'),
    pcscd: () => existsSync('/usr/sbin/pcscd'),
    'vsmartcard-vpcd': () =>
      existsSync('/usr/lib/pcsc/drivers/serial/libifdvpcd.so') || dpkgHas('vsmartcard-vpcd'),
    chromium: () => existsSync('/usr/bin/chromium'),
    'fonts-wqy-microhei': () => dpkgHas('fonts-wqy-microhei'),
    'fonts-hanazono': () => dpkgHas('fonts-hanazono'),
    postgresql: () => existsSync('/usr/lib/postgresql'),
    // Moves the wall clock of the date-sensitive test runs (scripts/clock-edges.mjs).
    faketime: () => existsSync('/usr/bin/faketime'),
    // pdftotext reads back the monthly notice's A4 PDF in the points end-to-end test.
    'poppler-utils': () => existsSync('/usr/bin/pdftotext'),
  },
}[mode];

function dpkgHas(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

if (!needs) {
  console.error(`system-deps: unknown mode ${mode}`);
  process.exit(2);
}

if (isLinux && existsSync('/usr/bin/apt-get')) {
  const missing = Object.entries(needs)
    .filter(([, present]) => !present())
    .map(([pkg]) => pkg);
  if (missing.length > 0) {
    const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
    if (!isRoot) {
      const message = [
        `缺少系统软件包 / Missing system packages: ${missing.join(', ')}`,
        `请以 root 运行 / Run as root:  sudo sh -c '${command}'`,
      ].join('\n');
      if (mode === 'test') {
        console.error(message);
        process.exit(1);
      }
      // npm install goes on: the card reader stays unavailable and says so on screen.
      console.warn(
        `${message}\n(读卡器将不可用，直到安装完成 / the card reader stays unavailable until then)`,
      );
    } else {
      console.log(`system-deps: installing ${missing.join(' ')}`);
      execFileSync(
        'sh',
        ['-c', `DEBIAN_FRONTEND=noninteractive ${command.replace('install -y', 'install -y -qq')}`],
        {
          stdio: 'inherit',
        },
      );
    }
  }
}

// nfc-pcsc is optional for npm install (its native part needs libpcsclite-dev); when
// the headers arrived after the install, build it now so the tests use the real stack.
if (mode === 'test') {
  const require = createRequire(import.meta.url);
  let loaded = false;
  try {
    require('@pokusew/pcsclite');
    loaded = true;
  } catch {}
  if (!loaded) {
    console.log('system-deps: building the PC/SC binding (nfc-pcsc)');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = existsSync('node_modules/@pokusew/pcsclite')
      ? spawnSync(npm, ['rebuild', '@pokusew/pcsclite'], { stdio: 'inherit' })
      : spawnSync(npm, ['install', '--no-audit', '--no-fund'], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(
        '无法构建 PC/SC 绑定 / could not build the PC/SC binding: run `npm rebuild @pokusew/pcsclite`',
      );
      process.exit(1);
    }
  }
}
