import type { Actor } from "../actor.js";
import { isClienteleError } from "../errors.js";
import { eventOf } from "../eventOf.js";
import type { EventStore, EventToAppend, RecordedEvent } from "../eventStore/eventStore.js";

/*
 * The due-date index of erasure requests: one stream per UTC day (`clientele-erasure-due-<day>`)
 * holding an `ErasureDue` entry for every request falling due that day, written *before* the
 * profile's RedactionRequested so a crash can leave a stale entry (settled as "cancelled") but
 * never a pending request without one. The processor reads only the days since the last day it
 * closed, so a run costs the requests falling due, not the size of the store.
 */

/** Every day stream of the due-date index starts with this. */
export const erasureDayPrefix = "clientele-erasure-due-";
/**
 * Holds one event: the day of the first request ever scheduled, where the processor's walk stops.
 * @example (await store.readStream(erasureOriginStream))[0]?.data.day // "2026-03-01"
 */
export const erasureOriginStream = "clientele-erasure-origin";

/**
 * The UTC day of an instant.
 * @example utcDay("2026-01-15T23:59:00Z") // "2026-01-15"
 */
export const utcDay = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

/**
 * The index stream of requests falling due on `day`.
 * @example erasureDayStreamName("2026-03-11") // "clientele-erasure-due-2026-03-11"
 */
export const erasureDayStreamName = (day: string): string => `${erasureDayPrefix}${day}`;

/** How an index entry was settled. */
export type ErasureOutcome = "redacted" | "deleted" | "cancelled" | "rescheduled" | "merged";

/** One entry of the due-date index. */
export interface ErasureEntry {
  customerId: string;
  dueAt: string;
}

/** An event of the due-date index, attributed to `actor`. */
export const scheduleEvent = (
  type: "ErasureDue" | "ErasureSettled" | "ErasureDayClosed" | "ErasureScheduleBegan",
  data: object,
  actor: Actor,
  at: Date,
): EventToAppend => eventOf(type, data, { actor, at });

/**
 * Records that `customerId`'s erasure falls due at `dueAt`. Idempotent enough: a second entry for
 * the same request is settled once like the first.
 * @example await scheduleErasure(store, { customerId, dueAt: "2026-03-11T09:00:00.000Z" }, actor, new Date())
 */
export const scheduleErasure = async (
  store: EventStore,
  entry: ErasureEntry,
  actor: Actor,
  now: Date,
): Promise<void> => {
  const origin = await store.readStream(erasureOriginStream, { maxCount: 1 });
  if (origin.length === 0) {
    try {
      await store.appendToStream(
        erasureOriginStream,
        [scheduleEvent("ErasureScheduleBegan", { day: utcDay(now) }, actor, now)],
        { expectedRevision: "no_stream" },
      );
    } catch (error) {
      if (!isClienteleError(error, "CONCURRENCY_CONFLICT")) throw error;
    }
  }
  await store.appendToStream(erasureDayStreamName(utcDay(entry.dueAt)), [
    scheduleEvent("ErasureDue", { ...entry }, actor, now),
  ]);
};

/**
 * A day's entries not yet settled, and whether the day was closed.
 * @example readDay(await store.readStream(erasureDayStreamName(day))).open
 */
export const readDay = (events: readonly RecordedEvent[]) => {
  const key = (data: Record<string, unknown>) => `${data.customerId}@${data.dueAt}`;
  const settled = new Set(
    events.filter((e) => e.type === "ErasureSettled").map((e) => key(e.data)),
  );
  const open = new Map<string, ErasureEntry>();
  for (const event of events) {
    if (event.type !== "ErasureDue" || settled.has(key(event.data))) continue;
    open.set(key(event.data), {
      customerId: String(event.data.customerId),
      dueAt: String(event.data.dueAt),
    });
  }
  return {
    open: [...open.values()],
    closed: events.at(-1)?.type === "ErasureDayClosed",
    revision: events.at(-1)?.revision ?? -1,
  };
};
