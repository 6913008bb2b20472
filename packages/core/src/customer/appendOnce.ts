/**
 * Lists a single fold created and has not handed to anyone yet, with the ids each holds. Only the
 * fold that made such a list can see it, so extending it in place is invisible from outside.
 */
export type FoldScratch = WeakMap<readonly unknown[], Set<string>>;

/**
 * `list` with `item` appended unless an item with the same id is already there (facts such as
 * orders are recorded idempotently, so replaying a duplicate changes nothing).
 *
 * Without `scratch` this copies the list, as any step of an immutable fold must: O(n). Within a
 * fold (`scratch` given) the first append copies once and every later one extends that private
 * copy in place, with an id index: O(1). A profile with 2,500 orders replayed in O(n²) without it.
 *
 * @example const orders = appendOnce(state.orders, order, (o) => o.orderId);
 */
export const appendOnce = <T>(
  list: readonly T[],
  item: T,
  idOf: (item: T) => string,
  scratch?: FoldScratch,
): readonly T[] => {
  const id = idOf(item);
  const ownIds = scratch?.get(list);
  if (ownIds) {
    if (!ownIds.has(id)) {
      (list as T[]).push(item);
      ownIds.add(id);
    }
    return list;
  }
  if (list.some((held) => idOf(held) === id)) return list;
  const next = [...list, item];
  scratch?.set(next, new Set(next.map(idOf)));
  return next;
};
