import { viteBuildCached } from './vite-build-cache';

let built: Promise<string> | null = null;

/** The township console built from the current sources, kept by content across test processes (decision 0656). */
export function buildConsoleOnce(): Promise<string> {
  built ??= viteBuildCached('console');
  return built;
}
