import { type EventStore, newId } from "@clientele/core";

/** mulberry32: tiny, seedable, and the same sequence in every process. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface HistoryEvent {
  streamName: string;
  type: string;
}

const categories = ["customer", "order", "segment", "consent"];
const types = ["Created", "Updated", "Tagged", "Untagged", "StreamArchived"];

/** A deterministic mix of streams and event types; the same seed gives the same history. */
export const seededHistory = (seed: number, count: number): HistoryEvent[] => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, () => ({
    streamName: `${pick(categories)}-${Math.floor(random() * 200)}`,
    type: pick(types),
  }));
};

/** Appends the events one by one with valid metadata; returns the last position. */
export const appendHistory = async (
  store: EventStore,
  history: readonly HistoryEvent[],
): Promise<bigint | undefined> => {
  let last: bigint | undefined;
  for (const { streamName, type } of history) {
    const { position } = await store.appendToStream(streamName, [
      {
        type,
        data: { streamName },
        metadata: {
          eventId: newId(),
          actor: { kind: "system", reason: "projection tests" },
          correlationId: "history",
          causationId: "history",
          schemaVersion: 1,
          occurredAt: "2026-01-01T00:00:00.000Z",
        },
      },
    ]);
    last = position;
  }
  return last;
};
