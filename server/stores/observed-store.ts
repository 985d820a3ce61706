/**
 * A store that reports how long each call took and whether it failed, wrapped once around the
 * real one (memory or Redis) where the server is composed (server/app.ts), so that no call site
 * has to measure itself. The observer decides what to do with the figures (metrics-service.ts);
 * this file knows nothing of Prometheus.
 *
 * Labels stay bounded: a call is named by its repository and method, both fixed by the Store
 * interface, never by an argument.
 */
import type { Store } from './store.js';

export interface StoreObserver {
  /** One call to `repository.method` (`store` for the store's own `ping`), `ok` false when it threw or rejected. */
  observe(repository: string, method: string, seconds: number, ok: boolean): void;
}

export function observedStore(store: Store, observer: StoreObserver): Store {
  const repositories = new WeakMap<object, object>();
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string') return value;
      if (typeof value === 'function') {
        // close() is not a call whose time tells anything about the store's health.
        return property === 'close' ? value.bind(target) : timed(value.bind(target), observer, 'store', property);
      }
      if (typeof value !== 'object' || value === null) return value;
      let repository = repositories.get(value);
      if (repository === undefined) repositories.set(value, (repository = observedRepository(value, observer, property)));
      return repository;
    },
  });
}

function observedRepository(repository: object, observer: StoreObserver, name: string): object {
  // Keyed by the function itself, so that a method replaced on the repository is the one timed.
  const methods = new WeakMap<object, unknown>();
  return new Proxy(repository, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      let method = methods.get(value);
      // Bound to the real repository: implementations may keep private fields.
      if (method === undefined) methods.set(value, (method = timed(value.bind(target), observer, name, property)));
      return method;
    },
  });
}

function timed(call: (...args: unknown[]) => unknown, observer: StoreObserver, repository: string, method: string) {
  return (...args: unknown[]): unknown => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let result: unknown;
    try {
      result = call(...args);
    } catch (error) {
      observer.observe(repository, method, seconds(), false);
      throw error;
    }
    if (!(result instanceof Promise)) {
      observer.observe(repository, method, seconds(), true);
      return result;
    }
    return result.then(
      (value: unknown) => {
        observer.observe(repository, method, seconds(), true);
        return value;
      },
      (error: unknown) => {
        observer.observe(repository, method, seconds(), false);
        throw error;
      },
    );
  };
}
