/**
 * The one listener registry: event name → listeners, `on` returns its own unsubscribe.
 * The till service, the printer and card-reader services and the three API clients
 * (Electron preload, Electron service client, browser HTTP client) all use it.
 */
export interface ListenerRegistry<Events> {
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
}

/**
 * `onError` set: a listener that throws is reported and the others still run (a printer
 * listener's bug must not make a printed job look failed); unset, the error propagates.
 */
export function createListeners<Events>(
  onError?: (event: keyof Events, error: unknown) => void,
): ListenerRegistry<Events> {
  const listeners = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) {
        const call = l as (p: typeof payload) => void;
        if (!onError) call(payload);
        else {
          try {
            call(payload);
          } catch (e) {
            onError(event, e);
          }
        }
      }
    },
  };
}
