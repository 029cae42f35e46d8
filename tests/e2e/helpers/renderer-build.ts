import { viteBuildCached } from './vite-build-cache';

let built: Promise<string> | null = null;

/** The renderer built from the current sources, kept by content across test processes (decision 0656). */
export function buildRendererOnce(): Promise<string> {
  built ??= viteBuildCached('renderer');
  return built;
}
