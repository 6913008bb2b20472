import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClienteleError, type ErrorCode } from "../../errors.js";
import { type EventMetadata, newId } from "../../metadata.js";
import type { EventStore, EventToAppend, RecordedEvent } from "../eventStore.js";
import { maxEventBytes } from "../eventStore.js";

/** What the contract suite needs from an adapter: a fresh, empty store and a way to release it. */
export type EventStoreFactory = () => Promise<{ store: EventStore; teardown(): Promise<void> }>;

export interface EventStoreContractOptions {
  /** Registers the suite as skipped and prints why (e.g. no server reachable). */
  skipReason?: string;
}

/** Valid metadata for a test event: a fresh ULID, a system actor, schema version 1. */
export const contractMetadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => {
  const eventId = newId();
  return {
    eventId,
    actor: { kind: "system", reason: "event store contract" },
    correlationId: eventId,
    causationId: eventId,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
};

/** A valid event of type `type` carrying `data`. */
export const contractEvent = (
  type = "ContractTested",
  data: Record<string, unknown> = { n: 0 },
): EventToAppend => ({ type, data, metadata: contractMetadata() });

const numbered = (count: number, from = 0): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => contractEvent("Numbered", { n: from + i }));

const expectClienteleError = async (
  attempt: Promise<unknown> | (() => unknown),
  code: ErrorCode,
): Promise<ClienteleError> => {
  let caught: unknown;
  try {
    await (typeof attempt === "function" ? attempt() : attempt);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ClienteleError ${code}`).toBeInstanceOf(ClienteleError);
  expect((caught as ClienteleError).code).toBe(code);
  return caught as ClienteleError;
};

const waitUntil = async (condition: () => boolean, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const collect = (events: RecordedEvent[]) => async (event: RecordedEvent) => {
  events.push(event);
};

/**
 * The promises every `EventStore` keeps, as a vitest suite. An adapter proves itself by running
 * it against a real backend; the factory must hand out an empty store each time (a fresh
 * instance, or a fresh stream namespace on a shared server).
 *
 * @example
 * describeEventStoreContract("in-memory", async () => {
 *   const store = getInMemoryEventStore();
 *   return { store, teardown: () => store.close() };
 * });
 */
export const describeEventStoreContract = (
  name: string,
  factory: EventStoreFactory,
  options: EventStoreContractOptions = {},
): void => {
  const { skipReason } = options;
  if (skipReason !== undefined) {
    console.warn(`Event store contract "${name}" skipped: ${skipReason}`);
  }
  const title = skipReason === undefined ? name : `${name} (skipped: ${skipReason})`;

  describe.skipIf(skipReason !== undefined)(title, () => {
    let store: EventStore;
    let teardown: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const created = await factory();
      store = created.store;
      teardown = created.teardown;
    });

    afterEach(async () => {
      await teardown?.();
      teardown = undefined;
    });

    const stream = (label = "stream") => `contract-${label}-${newId()}`;

    describe("append and read", () => {
      it("round-trips type, data and metadata exactly", async () => {
        const s = stream();
        const events = [
          contractEvent("First", { nested: { list: [1, "two", null, true] }, empty: {} }),
          contractEvent("Second", { amount: 12.5, negative: -3, zero: 0 }),
        ];
        await store.appendToStream(s, events);
        const read = await store.readStream(s);
        expect(read.map(({ type, data, metadata }) => ({ type, data, metadata }))).toEqual(events);
        expect(read.every((e) => e.streamName === s)).toBe(true);
      });

      it("numbers revisions from 0 and reports the last one", async () => {
        const s = stream();
        const first = await store.appendToStream(s, numbered(3));
        expect(first.nextExpectedRevision).toBe(2);
        const second = await store.appendToStream(s, numbered(2, 3));
        expect(second.nextExpectedRevision).toBe(4);
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
        expect(second.position).toBe(read[4]?.position);
      });

      it("reads one stream by its exact name, never its prefix-sharing neighbours", async () => {
        const s = stream();
        await store.appendToStream(s, [contractEvent("E", { of: "s" })]);
        await store.appendToStream(`${s}0`, [contractEvent("E", { of: "s0" })]);
        await store.appendToStream(`${s}-snapshot`, [contractEvent("E", { of: "side" })]);
        expect((await store.readStream(s)).map((e) => e.data.of)).toEqual(["s"]);
      });

      it("reads [] for a stream that does not exist", async () => {
        expect(await store.readStream(stream("missing"))).toEqual([]);
      });

      it("reads from a revision with a max count", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(10));
        const page = await store.readStream(s, { fromRevision: 4, maxCount: 3 });
        expect(page.map((e) => e.revision)).toEqual([4, 5, 6]);
      });

      // A store may hand out frozen events (memory, to avoid copying on every read) or fresh
      // copies (the durable stores): either way, what a reader does cannot change what is stored.
      it("mutating what was read or appended changes nothing stored", async () => {
        const s = stream();
        const event = contractEvent("Mutable", { list: [1] });
        await store.appendToStream(s, [event]);
        (event.data.list as number[]).push(2);
        const [read] = (await store.readStream(s)) as [RecordedEvent];
        try {
          (read.data.list as number[]).push(3);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
        const [again] = await store.readStream(s);
        expect(again?.data).toEqual({ list: [1] });
      });
    });

    describe("expected revision", () => {
      it("no_stream succeeds on a new stream and conflicts on an existing one", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(1), { expectedRevision: "no_stream" });
        const error = await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: "no_stream" }),
          "CONCURRENCY_CONFLICT",
        );
        expect(error.details).toEqual({ stream: s, expected: "no_stream", actual: 0 });
      });

      it("stream_exists conflicts on a new stream and succeeds on an existing one", async () => {
        const s = stream();
        const error = await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: "stream_exists" }),
          "CONCURRENCY_CONFLICT",
        );
        expect(error.details).toEqual({
          stream: s,
          expected: "stream_exists",
          actual: "no_stream",
        });
        await store.appendToStream(s, numbered(1));
        const result = await store.appendToStream(s, numbered(1), {
          expectedRevision: "stream_exists",
        });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it("any succeeds whether or not the stream exists (and is the default)", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(1), { expectedRevision: "any" });
        await store.appendToStream(s, numbered(1), { expectedRevision: "any" });
        const result = await store.appendToStream(s, numbered(1));
        expect(result.nextExpectedRevision).toBe(2);
      });

      it("an exact revision succeeds when it matches and conflicts otherwise", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(2));
        const ok = await store.appendToStream(s, numbered(1), { expectedRevision: 1 });
        expect(ok.nextExpectedRevision).toBe(2);
        const stale = await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: 1 }),
          "CONCURRENCY_CONFLICT",
        );
        expect(stale.details).toEqual({ stream: s, expected: 1, actual: 2 });
        const ahead = await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: 7 }),
          "CONCURRENCY_CONFLICT",
        );
        expect(ahead.details).toEqual({ stream: s, expected: 7, actual: 2 });
      });

      it("an exact revision conflicts on a stream that does not exist", async () => {
        const s = stream();
        const error = await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: 0 }),
          "CONCURRENCY_CONFLICT",
        );
        expect(error.details).toEqual({ stream: s, expected: 0, actual: "no_stream" });
      });

      it("lets exactly one of 10 concurrent appends at the same revision win", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(1));
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.appendToStream(s, [contractEvent("Racer", { racer: i })], {
              expectedRevision: 0,
            }),
          ),
        );
        const won = results.filter((r) => r.status === "fulfilled");
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const { reason } of lost) {
          expect(reason).toBeInstanceOf(ClienteleError);
          expect((reason as ClienteleError).code).toBe("CONCURRENCY_CONFLICT");
        }
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });

    describe("atomicity", () => {
      it("writes a multi-event append all together, in order", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(5));
        const read = await store.readStream(s);
        expect(read.map((e) => e.data.n)).toEqual([0, 1, 2, 3, 4]);
      });

      it("writes nothing when the append conflicts", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(1));
        await expectClienteleError(
          store.appendToStream(s, numbered(3), { expectedRevision: "no_stream" }),
          "CONCURRENCY_CONFLICT",
        );
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it("writes nothing when one event of the batch is invalid", async () => {
        const s = stream();
        const bad = { ...contractEvent(), data: { when: undefined } };
        await expectClienteleError(
          store.appendToStream(s, [...numbered(2), bad]),
          "VALIDATION_FAILED",
        );
        expect(await store.readStream(s)).toEqual([]);
        expect(await store.readAll()).toEqual([]);
      });
    });

    describe("readAll", () => {
      it("returns every stream's events in one global order with strictly increasing positions", async () => {
        const a = stream("a");
        const b = stream("b");
        await store.appendToStream(a, [contractEvent("E", { at: "a0" })]);
        await store.appendToStream(b, [contractEvent("E", { at: "b0" })]);
        await store.appendToStream(a, [contractEvent("E", { at: "a1" })]);
        await store.appendToStream(b, [
          contractEvent("E", { at: "b1" }),
          contractEvent("E", { at: "b2" }),
        ]);
        const all = await store.readAll();
        expect(all.map((e) => e.data.at)).toEqual(["a0", "b0", "a1", "b1", "b2"]);
        for (let i = 1; i < all.length; i++) {
          expect((all[i] as RecordedEvent).position).toBeGreaterThan(
            (all[i - 1] as RecordedEvent).position,
          );
        }
        expect(all.map((e) => e.revision)).toEqual([0, 0, 1, 1, 2]);
      });

      it("reads strictly after a position, with a max count", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(6));
        const all = await store.readAll();
        const after = (all[1] as RecordedEvent).position;
        const page = await store.readAll({ after, maxCount: 3 });
        expect(page.map((e) => e.data.n)).toEqual([2, 3, 4]);
        const last = (all[5] as RecordedEvent).position;
        expect(await store.readAll({ after: last })).toEqual([]);
      });

      it("filters by stream prefix", async () => {
        const prefix = `contract-filter-${newId()}-`;
        await store.appendToStream(`${prefix}1`, [contractEvent("E", { keep: 1 })]);
        await store.appendToStream(stream("other"), [contractEvent("E", { keep: 0 })]);
        await store.appendToStream(`${prefix}2`, [contractEvent("E", { keep: 2 })]);
        const filtered = await store.readAll({ filter: { streamPrefixes: [prefix] } });
        expect(filtered.map((e) => e.data.keep)).toEqual([1, 2]);
        const firstOnly = await store.readAll({
          filter: { streamPrefixes: [prefix] },
          maxCount: 1,
        });
        expect(firstOnly.map((e) => e.data.keep)).toEqual([1]);
      });

      it("filters by several prefixes at once", async () => {
        const a = `contract-pa-${newId()}-`;
        const b = `contract-pb-${newId()}-`;
        await store.appendToStream(`${a}1`, [contractEvent("E", { keep: "a" })]);
        await store.appendToStream(stream("other"), [contractEvent("E", { keep: "none" })]);
        await store.appendToStream(`${b}1`, [contractEvent("E", { keep: "b" })]);
        const filtered = await store.readAll({ filter: { streamPrefixes: [a, b] } });
        expect(filtered.map((e) => e.data.keep)).toEqual(["a", "b"]);
      });
    });

    describe("subscribe", () => {
      it("delivers existing and newly appended events exactly once, in order", async () => {
        const s = stream();
        // More than one page of catch-up (adapters commonly read 500 at a time).
        for (let batch = 0; batch < 3; batch++) {
          await store.appendToStream(s, numbered(400, batch * 400));
        }
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({}, collect(seen));
        // Appended while the subscription is still catching up.
        await store.appendToStream(s, numbered(100, 1200));
        await waitUntil(() => seen.length >= 1300, "1,300 events");
        await store.appendToStream(s, numbered(100, 1300));
        await waitUntil(() => seen.length >= 1400, "1,400 events");
        await new Promise((resolve) => setTimeout(resolve, 50));
        await subscription.stop();
        expect(seen.map((e) => e.data.n)).toEqual(Array.from({ length: 1400 }, (_, i) => i));
        expect(new Set(seen.map((e) => e.position)).size).toBe(1400);
        await subscription.done;
      });

      it("restarts from a checkpoint without losing or repeating an event", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(10));
        const first: RecordedEvent[] = [];
        const one = store.subscribe({}, collect(first));
        await waitUntil(() => first.length >= 10, "the first 10 events");
        await one.stop();
        const checkpoint = (first.at(-1) as RecordedEvent).position;
        await store.appendToStream(s, numbered(10, 10));
        const second: RecordedEvent[] = [];
        const two = store.subscribe({ after: checkpoint }, collect(second));
        await waitUntil(() => second.length >= 10, "the next 10 events");
        await new Promise((resolve) => setTimeout(resolve, 50));
        await two.stop();
        expect([...first, ...second].map((e) => e.data.n)).toEqual(
          Array.from({ length: 20 }, (_, i) => i),
        );
      });

      it("delivers only streams matching the filter", async () => {
        const prefix = `contract-sub-${newId()}-`;
        await store.appendToStream(stream("noise"), numbered(3));
        await store.appendToStream(`${prefix}x`, numbered(2));
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe(
          { filter: { streamPrefixes: [prefix] } },
          collect(seen),
        );
        await store.appendToStream(stream("noise"), numbered(3));
        await store.appendToStream(`${prefix}y`, numbered(1, 2));
        await waitUntil(() => seen.length >= 3, "3 filtered events");
        await subscription.stop();
        expect(seen.map((e) => e.streamName.startsWith(prefix))).toEqual([true, true, true]);
        expect(seen.map((e) => e.data.n)).toEqual([0, 1, 2]);
      });

      it("stop() resolves once idle and nothing is delivered afterwards", async () => {
        const s = stream();
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({}, collect(seen));
        await store.appendToStream(s, numbered(1));
        await waitUntil(() => seen.length >= 1, "the first event");
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        await store.appendToStream(s, numbered(1, 1));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen).toHaveLength(1);
      });

      it("rejects done with the handler's error and delivers nothing after it", async () => {
        const s = stream();
        await store.appendToStream(s, numbered(3));
        const seen: number[] = [];
        const subscription = store.subscribe({}, (event) => {
          seen.push(event.data.n as number);
          if (event.data.n === 1) throw new Error("projection failed");
        });
        await expect(subscription.done).rejects.toThrow("projection failed");
        expect(seen).toEqual([0, 1]);
        await subscription.stop();
      });
    });

    describe("volume and encoding", () => {
      it("appends 10,000 events in batches and reads them back in order", async () => {
        const s = stream("large");
        let expectedRevision: number | "no_stream" = "no_stream";
        for (let batch = 0; batch < 20; batch++) {
          const result = await store.appendToStream(s, numbered(500, batch * 500), {
            expectedRevision,
          });
          expectedRevision = result.nextExpectedRevision;
        }
        expect(expectedRevision).toBe(9_999);
        const read = await store.readStream(s);
        expect(read).toHaveLength(10_000);
        expect(read.every((e, i) => e.revision === i && e.data.n === i)).toBe(true);
      });

      it("round-trips unicode: emoji, right-to-left text and combining marks", async () => {
        const s = stream("unicode");
        const data = {
          emoji: "👩🏽‍💻🇫🇷✨",
          rtl: "مرحبا بالعالم שלום",
          combining: "e\u0301 n\u0303 a\u030A",
          keyé: "clé 🔑",
        };
        await store.appendToStream(s, [contractEvent("Unicode", data)]);
        const [read] = (await store.readStream(s)) as [RecordedEvent];
        expect(read.data).toEqual(data);
        expect((read.data.combining as string).normalize("NFC")).toBe("é ñ å");
      });

      it("round-trips a ~500 KB payload", async () => {
        const s = stream("big");
        const data = { blob: "x".repeat(500 * 1024), tail: "end" };
        await store.appendToStream(s, [contractEvent("Big", data)]);
        const [read] = await store.readStream(s);
        expect(read?.data).toEqual(data);
      });
    });

    describe("bad input is VALIDATION_FAILED and writes nothing", () => {
      const rejects = async (streamName: string, event: EventToAppend) => {
        await expectClienteleError(store.appendToStream(streamName, [event]), "VALIDATION_FAILED");
      };

      it("an empty stream name", async () => {
        await rejects("", contractEvent());
        await rejects("   ", contractEvent());
      });

      it(`an event larger than maxEventBytes (${maxEventBytes})`, async () => {
        const s = stream();
        await rejects(s, contractEvent("Huge", { blob: "x".repeat(maxEventBytes + 1) }));
        expect(await store.readStream(s)).toEqual([]);
      });

      it.each([
        ["undefined", { value: undefined }],
        ["a function", { value: () => 1 }],
        ["a bigint", { value: 1n }],
        ["NaN", { value: Number.NaN }],
        ["Infinity", { value: Number.POSITIVE_INFINITY }],
        ["a class instance", { value: new Date(0) }],
        ["a nested undefined", { list: [1, undefined] }],
      ])("data holding %s", async (_, data) => {
        const s = stream();
        await rejects(s, contractEvent("Bad", data as Record<string, unknown>));
        expect(await store.readStream(s)).toEqual([]);
      });

      it.each([
        ["a lone high surrogate", { note: "x\ud800" }, "events.0.data.note"],
        ["a lone low surrogate, nested", { tags: ["ok", "\udfffy"] }, "events.0.data.tags.1"],
        ["a lone surrogate in a key", { "k\ud800": 1 }, "events.0.data.k\ud800"],
        ["a NUL character", { note: "a\u0000b" }, "events.0.data.note"],
      ])("data holding text that is not well-formed: %s", async (_, data, field) => {
        const s = stream();
        const error = await expectClienteleError(
          store.appendToStream(s, [contractEvent("Bad", data as Record<string, unknown>)]),
          "VALIDATION_FAILED",
        );
        expect(error.details.fields).toEqual([field]);
        expect(await store.readStream(s)).toEqual([]);
      });

      it("a stream name or event type that is not well-formed text", async () => {
        await rejects(`${stream()}\ud800`, contractEvent());
        await rejects(`${stream()}\u0000`, contractEvent());
        const s = stream();
        await rejects(s, contractEvent("Bad\udc00"));
        expect(await store.readStream(s)).toEqual([]);
      });

      it("data that is not an object", async () => {
        await rejects(stream(), {
          ...contractEvent(),
          data: [1, 2] as unknown as Record<string, unknown>,
        });
      });

      it.each([
        ["a non-ULID event id", { eventId: "not-a-ulid" }],
        ["an unknown actor kind", { actor: { kind: "robot" } }],
        ["an empty correlation id", { correlationId: "" }],
        ["a zero schema version", { schemaVersion: 0 }],
        ["a non-ISO timestamp", { occurredAt: "yesterday" }],
      ])("metadata with %s", async (_, override) => {
        const event = {
          ...contractEvent(),
          metadata: { ...contractMetadata(), ...override } as EventMetadata,
        };
        await rejects(stream(), event);
      });

      it("a negative or fractional expected revision", async () => {
        const s = stream();
        await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: -1 }),
          "VALIDATION_FAILED",
        );
        await expectClienteleError(
          store.appendToStream(s, numbered(1), { expectedRevision: 1.5 }),
          "VALIDATION_FAILED",
        );
      });
    });

    describe("a closed store", () => {
      it("ends live subscriptions: done settles instead of hanging", async () => {
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({}, collect(seen));
        await store.appendToStream(stream(), numbered(1));
        await waitUntil(() => seen.length >= 1, "the first event");
        await store.close();
        const settled = await Promise.race([
          subscription.done.then(
            () => true,
            () => true,
          ),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000)),
        ]);
        expect(settled).toBe(true);
        await subscription.stop();
      });

      it("refuses every operation with EVENT_STORE_UNAVAILABLE", async () => {
        await store.close();
        await expectClienteleError(
          () => store.appendToStream(stream(), numbered(1)),
          "EVENT_STORE_UNAVAILABLE",
        );
        await expectClienteleError(() => store.readStream(stream()), "EVENT_STORE_UNAVAILABLE");
        await expectClienteleError(() => store.readAll(), "EVENT_STORE_UNAVAILABLE");
      });
    });
  });
};
