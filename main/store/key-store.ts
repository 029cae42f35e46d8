import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { tillError } from '../../src/errors';

/**
 * The device's private signing keys live in a file of their own beside the database
 * (`<db>.device-key`, mode 0600), never in it: every backup, USB copy or stolen copy of
 * the database then lacks the key and cannot sign as this till (decision 0412). A till
 * restored on the same machine finds its key again; one restored elsewhere re-enrols
 * with an officer's code, as the epoch rule says. An in-memory database keeps its keys
 * in memory.
 */
interface KeyFile {
  format: 'jifen-device-keys/1';
  /** Device id → PKCS#8 DER private key, base64. */
  keys: Record<string, string>;
}

const inMemory = new Map<string, string>();

export class DeviceKeyStore {
  readonly file: string | null;

  constructor(dbPath: string) {
    this.file = dbPath === ':memory:' || dbPath === '' ? null : `${dbPath}.device-key`;
  }

  get(deviceId: string): string | null {
    if (!this.file) return inMemory.get(deviceId) ?? null;
    return this.read().keys[deviceId] ?? null;
  }

  set(deviceId: string, privateKey: string): void {
    if (!this.file) {
      inMemory.set(deviceId, privateKey);
      return;
    }
    const current = this.read();
    if (current.keys[deviceId] === privateKey) return;
    this.write({ ...current, keys: { ...current.keys, [deviceId]: privateKey } });
  }

  private read(): KeyFile {
    const empty: KeyFile = { format: 'jifen-device-keys/1', keys: {} };
    if (!this.file || !existsSync(this.file)) return empty;
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as KeyFile;
      if (parsed.format !== 'jifen-device-keys/1' || typeof parsed.keys !== 'object')
        throw new Error('format');
      return parsed;
    } catch {
      throw tillError(
        'DATABASE_UNAVAILABLE',
        `设备密钥文件损坏：${this.file}`,
        `The device key file is damaged: ${this.file}`,
      );
    }
  }

  /** Temp file, fsync, rename: a crash leaves the old file or the new one, never half of one. */
  private write(content: KeyFile): void {
    const file = this.file!;
    const part = `${file}.part`;
    const fd = openSync(part, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(content));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(part, file);
  }
}
