// A page's state in one small store, created by the page's entry module and handed to the modules that read
// or change it. The state is a frozen object, replaced (never mutated) by set(); subscribers hear of each change.

export function createStore(initial) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();
  return Object.freeze({
    get: () => state,
    // Merges `patch` into the state and tells every subscriber (state, previous), unless nothing changed.
    set(patch) {
      if (Object.entries(patch).every(([key, value]) => Object.is(state[key], value))) return;
      const previous = state;
      state = Object.freeze({ ...state, ...patch });
      for (const listener of listeners) listener(state, previous);
    },
    // Calls `listener(state, previous)` after each change; returns the function that stops it.
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}
