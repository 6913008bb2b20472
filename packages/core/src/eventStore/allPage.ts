import type { ReadAllOptions, RecordedEvent, StreamFilter } from "./eventStore.js";

/** Whether `event` belongs to one of the filter's stream prefixes (every event without a filter). */
export const matchesFilter = (event: RecordedEvent, filter?: StreamFilter): boolean =>
  !filter || filter.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix));

/** One `readAll` page being filled; see `allPage`. */
export interface AllPage {
  /** The events taken so far, in the order offered. */
  readonly events: RecordedEvent[];
  /** Takes `event` if it lies after the page's start and passes its filter; false once full. */
  offer(event: RecordedEvent): boolean;
  /** True when `maxCount` events were taken: stop reading. */
  readonly full: boolean;
}

/**
 * The paging rules of `readAll` (strictly after `after`, only the filter's streams, at most
 * `maxCount`), shared so that every store that pages in process applies them alike: offer it
 * events in global order and stop reading when `offer` returns false.
 *
 * @example
 * const page = allPage({ after: 10n, maxCount: 100 });
 * for (const event of log) if (!page.offer(event)) break;
 * return page.events;
 */
export const allPage = ({ after, maxCount, filter }: ReadAllOptions = {}): AllPage => {
  const limit = maxCount ?? Number.POSITIVE_INFINITY;
  const events: RecordedEvent[] = [];
  return {
    events,
    offer(event) {
      if (events.length >= limit) return false;
      if ((after === undefined || event.position > after) && matchesFilter(event, filter)) {
        events.push(event);
      }
      return events.length < limit;
    },
    get full() {
      return events.length >= limit;
    },
  };
};
