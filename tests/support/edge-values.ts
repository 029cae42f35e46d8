/**
 * The harness of the plain walks' edge-value properties (entry-walk, points-body,
 * sale-body): a known-good value with one field set to an edge value, or removed, for
 * every field and every edge; each schema's test brings its own starts, fields, edges,
 * where a field's path leads, and its own check that the walk agrees with zod.
 */

/** An edge "value" that deletes the field instead. */
export const REMOVE = Symbol('remove');

type Obj = Record<string, unknown>;

/** Where a field's path leads in a value: the object that holds it, and its key there. */
export type Place = (root: Obj, path: string) => [Obj, string];

/** A path is a key of the value itself. */
export const topLevel: Place = (root, path) => [root, path];

/**
 * Sets the field at `path` (or with REMOVE deletes it). Defined, not assigned, so that a
 * field named `__proto__` is an own key as JSON.parse makes it, not the prototype.
 */
export function setField(root: Obj, path: string, value: unknown, place: Place = topLevel): void {
  const [target, key] = place(root, path);
  if (value === REMOVE) delete target[key];
  else Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Every start × field × edge value: each variant goes to `agrees` (which fails the test
 * where the walk is sure of what zod refuses or parses otherwise). Counts the variants the
 * walk took and, of the others, those zod refused, for the caller to show both ways were
 * taken many times.
 */
export function everyFieldAtEveryEdge(opts: {
  starts: readonly (() => unknown)[];
  fields: readonly string[];
  edges: readonly unknown[];
  place?: Place;
  agrees: (value: unknown) => 'fast' | 'zod';
  schema: { safeParse(value: unknown): { success: boolean } };
}): { fast: number; refused: number } {
  let fast = 0;
  let refused = 0;
  for (const start of opts.starts)
    for (const path of opts.fields)
      for (const value of opts.edges) {
        const v = start() as Obj;
        setField(v, path, value, opts.place);
        if (opts.agrees(v) === 'fast') fast++;
        else if (!opts.schema.safeParse(v).success) refused++;
      }
  return { fast, refused };
}
