/** What `fn` threw, for a test to look at; fails when it did not throw. */
export function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}
