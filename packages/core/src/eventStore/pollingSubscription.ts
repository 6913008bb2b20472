import type {
  EventHandler,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "./eventStore.js";

export interface PollingSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Resolves when new events may be there (or on abort); a store may also just sleep. */
  waitForAppend(signal: AbortSignal): Promise<void>;
}

/**
 * A catch-up subscription built from `readAll` pages: read after the last delivered position,
 * hand events to the handler one by one, and wait for the next append when caught up. Stores
 * without a native subscription (memory, PostgreSQL) share this so their delivery rules match.
 */
export const pollingSubscription = (
  { after, filter }: SubscribeOptions,
  handler: EventHandler,
  source: PollingSource,
  pageSize = 500,
): Subscription => {
  const abort = new AbortController();
  let position = after;

  const run = async () => {
    while (!abort.signal.aborted) {
      const page = await source.readAll({
        ...(position === undefined ? {} : { after: position }),
        maxCount: pageSize,
        ...(filter ? { filter } : {}),
      });
      for (const event of page) {
        if (abort.signal.aborted) return;
        // Awaited only when the handler is async: a projector buffers most events synchronously,
        // and an await per event cost two microtask hops for each of a million events.
        const handled = handler(event);
        if (handled) await handled;
        position = event.position;
      }
      if (page.length === 0) await source.waitForAppend(abort.signal);
    }
  };

  const done = run();
  // Keep an unobserved handler failure from crashing the process; callers see it through `done`.
  done.catch(() => undefined);
  return {
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
    done,
  };
};
