import DataLoader from 'dataloader';

const loaders = new WeakMap<object, Map<string, DataLoader<unknown, unknown>>>();

/**
 * One DataLoader per request and key: a page of N items asks for its N suppliers in one query.
 * Keyed on the request object, so nothing is shared between requests.
 */
export function requestLoader<K, V>(req: object, key: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
  let perRequest = loaders.get(req);
  if (!perRequest) loaders.set(req, (perRequest = new Map()));
  let loader = perRequest.get(key) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch);
    perRequest.set(key, loader as DataLoader<unknown, unknown>);
  }
  return loader;
}
