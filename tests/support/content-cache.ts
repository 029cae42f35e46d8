import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
/** What npm writes on every install: a changed package can build differently with no source changed. */
const INSTALLED = join(ROOT, 'node_modules', '.package-lock.json');

export const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Build outputs shared by every test process on this machine, each named by the hash of what
 * went into it (decisions 0653, 0656): the path and content of every input file, the
 * installed package list and a salt (the builder's version and options, this tree's path).
 * A build lists its inputs; a later process hashes the listed files again, so an edit, a new
 * import (an edit of the importer) or an install gives another name and a fresh build, and an
 * output can never be stale.
 */
export class ContentCache {
  readonly dir: string;

  constructor(
    name: string,
    private readonly salt: string,
  ) {
    this.dir = join(tmpdir(), name);
  }

  /** The output's name for these inputs (path → content hash). */
  key(what: string, inputs: Map<string, string>): string {
    const h = createHash('sha256');
    h.update(`${this.salt}\0${ROOT}\0${what}\0`);
    h.update(`${sha(readFileOrEmpty(INSTALLED))}\0`);
    for (const path of [...inputs.keys()].sort()) h.update(`${path}\0${inputs.get(path)}\0`);
    return h.digest('hex').slice(0, 40);
  }

  /** The inputs the last build of `what` in this tree listed, hashed now; null if none or one is gone. */
  listedInputs(what: string): Map<string, string> | null {
    let paths: string[];
    try {
      paths = JSON.parse(readFileSync(this.manifestOf(what), 'utf8')) as string[];
    } catch {
      return null;
    }
    return this.hashesOf(paths);
  }

  /** These files, each by its content's hash; null if one is gone. */
  hashesOf(paths: Iterable<string>): Map<string, string> | null {
    const inputs = new Map<string, string>();
    for (const path of paths) {
      try {
        inputs.set(path, sha(readFileSync(path)));
      } catch {
        return null; // an input is gone: the imports changed
      }
    }
    return inputs;
  }

  /** Lists the inputs of the build of `what` just made, atomically, for the next process. */
  list(what: string, paths: Iterable<string>): void {
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.manifestOf(what)}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify([...new Set(paths)]));
    renameSync(tmp, this.manifestOf(what));
  }

  /**
   * Outputs made a week before `newest` belong to trees and sources long gone; one still in
   * use is built again by the next process that misses it. The age is measured by the
   * kernel's file times: the clock-edge runs move this process's clock by years.
   */
  prune(newest: string): void {
    const weekBefore = statSync(newest).mtimeMs - 7 * 24 * 3600_000;
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      try {
        if (statSync(path).mtimeMs < weekBefore) rmSync(path, { recursive: true, force: true });
      } catch {
        // another process pruned it first
      }
    }
  }

  private manifestOf(what: string): string {
    return join(this.dir, `${sha(`${ROOT}\0${what}`).slice(0, 24)}.json`);
  }
}

function readFileOrEmpty(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}
