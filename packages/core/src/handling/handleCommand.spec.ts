import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fixedClock } from "../clock.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import { contractMetadata } from "../eventStore/contract/index.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { eventMetadataSchema } from "../metadata.js";
import { parseOrThrow } from "../validation.js";
import { type Principal, staffPrincipal, systemPrincipal } from "./authorize.js";
import type { Decider } from "./decider.js";
import { createCommandHandler } from "./handleCommand.js";

// A board with a tag set and a title: adding distinct tags commutes, setting the title does not.
const commandSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("AddTag"),
    boardId: z.string().min(1),
    tag: z.string().min(1),
    expectedRevision: z.number().int().min(-1).optional(),
  }),
  z.object({
    type: z.literal("SetTitle"),
    boardId: z.string().min(1),
    title: z.string().min(1),
    expectedRevision: z.number().int().min(-1).optional(),
    commandId: z.string().optional(),
  }),
  z.object({ type: z.literal("RecordVisit"), boardId: z.string().min(1) }),
  z.object({ type: z.literal("Explode"), boardId: z.string().min(1) }),
]);
type Command = z.infer<typeof commandSchema>;
type Event =
  | { type: "TagAdded"; data: { tag: string } }
  | { type: "TitleSet"; data: { title: string } }
  | { type: "Visited"; data: { at: string } };
interface Board {
  tags: string[];
  title: string;
  visits: number;
}

const board: Decider<Command, Event, Board> = {
  initialState: () => ({ tags: [], title: "", visits: 0 }),
  decide(command, state, { now }) {
    switch (command.type) {
      case "AddTag":
        return state.tags.includes(command.tag)
          ? []
          : [{ type: "TagAdded", data: { tag: command.tag } }];
      case "SetTitle":
        return [{ type: "TitleSet", data: { title: command.title } }];
      case "RecordVisit":
        return [{ type: "Visited", data: { at: now.toISOString() } }];
      case "Explode":
        throw new ClienteleError("NOTE_TOO_LONG", "boom", { field: "note" });
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case "TagAdded":
        return { ...state, tags: [...state.tags, event.data.tag] };
      case "TitleSet":
        return { ...state, title: event.data.title };
      case "Visited":
        return { ...state, visits: state.visits + 1 };
    }
  },
};

const setup = (store: EventStore = getInMemoryEventStore()) => {
  let loads = 0;
  const clock = fixedClock("2026-11-23T10:00:00.000Z");
  const handle = createCommandHandler({
    store: {
      ...store,
      readStream: (...args) => {
        loads++;
        return store.readStream(...args);
      },
    },
    decider: board,
    streamName: (command) => `board-${command.boardId}`,
    permissionFor: (command) => (command.type === "RecordVisit" ? "system" : "customers:edit"),
    commutes: (command, events) =>
      events.every((event) =>
        command.type === "AddTag"
          ? !(event.type === "TagAdded" && event.data.tag === command.tag)
          : event.type !== "TitleSet",
      ),
    parse: (input) => parseOrThrow(commandSchema, input, "board command"),
    clock,
    maxRetries: 100,
  });
  return { store, handle, clock, loads: () => loads };
};

const anna = staffPrincipal("anna", ["customers:edit"]);
const bob = staffPrincipal("bob", ["customers:edit"]);
const nobody = staffPrincipal("nobody", ["customers:view"]);

const errorOf = async (promise: Promise<unknown>): Promise<ClienteleError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClienteleError) return error;
    throw error;
  }
  throw new Error("expected the promise to reject");
};

describe("createCommandHandler", () => {
  it("writes the decided events with metadata and returns the new revision and state", async () => {
    const { handle, store } = setup();
    const result = await handle(
      { type: "SetTitle", boardId: "a", title: "Hello", commandId: "cmd-1" },
      anna,
      { correlationId: "req-1" },
    );
    expect(result.revision).toBe(0);
    expect(result.state.title).toBe("Hello");
    expect(result.events).toHaveLength(1);
    const [stored] = await store.readAll();
    expect(stored).toEqual(result.events[0]);
    const metadata = eventMetadataSchema.parse(stored?.metadata);
    expect(metadata).toMatchObject({
      actor: { kind: "staff", staffId: "anna" },
      correlationId: "req-1",
      causationId: "cmd-1",
      schemaVersion: 1,
      occurredAt: "2026-11-23T10:00:00.000Z",
    });
  });

  it("returns each written event exactly as a reader of the store sees it, and frozen", async () => {
    const { handle, store } = setup();
    // Another stream first, so a global position is not just the revision plus one.
    await store.appendToStream("board-other", [
      { type: "TitleSet", data: { title: "Elsewhere" }, metadata: contractMetadata() },
    ]);
    await handle({ type: "SetTitle", boardId: "a", title: "One" }, anna);
    const result = await handle({ type: "AddTag", boardId: "a", tag: "vip" }, anna);
    expect(result.events).toEqual(await store.readStream("board-a", { fromRevision: 1 }));
    expect(result.events[0]?.position).toBe(3n);
    const [event] = result.events;
    expect(Object.isFrozen(event) && Object.isFrozen(event?.data)).toBe(true);
    expect(result.state.tags).toEqual(["vip"]);
  });

  it("mints correlation and causation ids when none are given", async () => {
    const { handle } = setup();
    const { events } = await handle({ type: "AddTag", boardId: "a", tag: "x" }, anna);
    const metadata = eventMetadataSchema.parse(events[0]?.metadata);
    expect(metadata.correlationId).not.toBe("");
    expect(metadata.causationId).not.toBe(metadata.eventId);
  });

  it("refuses invalid input with VALIDATION_FAILED naming the field and writes nothing", async () => {
    const { handle, store } = setup();
    const error = await errorOf(handle({ type: "AddTag", boardId: "a", tag: "" }, anna));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.fields).toEqual(["tag"]);
    expect(await store.readAll()).toEqual([]);
  });

  it("refuses a caller without the permission before reading the stream", async () => {
    const { handle, store, loads } = setup();
    const error = await errorOf(handle({ type: "AddTag", boardId: "a", tag: "x" }, nobody));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.details).toMatchObject({ permission: "customers:edit", command: "AddTag" });
    expect(error.message).toContain('grant the "customers:edit" permission');
    expect(loads()).toBe(0);
    expect(await store.readAll()).toEqual([]);
  });

  it("lets only the system record facts", async () => {
    const { handle } = setup();
    const error = await errorOf(
      handle(
        { type: "RecordVisit", boardId: "a" },
        staffPrincipal("root", ["customers:edit", "customers:merge"]),
      ),
    );
    expect(error.details).toMatchObject({ permission: "system", command: "RecordVisit" });
    const { revision } = await handle(
      { type: "RecordVisit", boardId: "a" },
      systemPrincipal("web"),
    );
    expect(revision).toBe(0);
  });

  it("writes nothing and keeps the revision when the command decides no events", async () => {
    const { handle, store } = setup();
    await handle({ type: "AddTag", boardId: "a", tag: "x" }, anna);
    const again = await handle({ type: "AddTag", boardId: "a", tag: "x" }, anna);
    expect(again).toMatchObject({ events: [], revision: 0 });
    expect(await store.readAll()).toHaveLength(1);
  });

  it("propagates a decision error unchanged and writes nothing", async () => {
    const { handle, store } = setup();
    const error = await errorOf(handle({ type: "Explode", boardId: "a" }, anna));
    expect(error).toMatchObject({ code: "NOTE_TOO_LONG", message: "boom" });
    expect(await store.readAll()).toEqual([]);
  });

  it("applies a stale command to the fresh state when everything since commutes", async () => {
    const { handle } = setup();
    await handle({ type: "SetTitle", boardId: "a", title: "T" }, anna);
    await handle({ type: "AddTag", boardId: "a", tag: "b" }, bob);
    const result = await handle(
      { type: "AddTag", boardId: "a", tag: "a", expectedRevision: 0 },
      anna,
    );
    expect(result.revision).toBe(2);
    expect(result.state.tags).toEqual(["b", "a"]);
  });

  it("refuses a stale command that does not commute, naming who changed it and when", async () => {
    const { handle, clock, store } = setup();
    await handle({ type: "SetTitle", boardId: "a", title: "first" }, anna);
    clock.advance(60_000);
    await handle({ type: "AddTag", boardId: "a", tag: "t" }, anna);
    await handle({ type: "SetTitle", boardId: "a", title: "bob's" }, bob);
    const error = await errorOf(
      handle({ type: "SetTitle", boardId: "a", title: "anna's", expectedRevision: 0 }, anna),
    );
    expect(error.code).toBe("CONCURRENCY_CONFLICT");
    expect(error.message).toContain("staff bob");
    expect(error.message).toContain("2026-11-23T10:01:00.000Z");
    expect(error.details).toMatchObject({
      stream: "board-a",
      expected: 0,
      actual: 2,
      changedBy: { kind: "staff", staffId: "bob" },
      changedAt: "2026-11-23T10:01:00.000Z",
    });
    expect(error.details.changers).toHaveLength(2);
    expect(await store.readAll()).toHaveLength(3);
  });

  it("refuses a revision the stream never reached", async () => {
    const { handle } = setup();
    const error = await errorOf(
      handle({ type: "AddTag", boardId: "a", tag: "x", expectedRevision: 4 }, anna),
    );
    expect(error.code).toBe("CONCURRENCY_CONFLICT");
    expect(error.details).toMatchObject({ expected: 4, actual: "no_stream" });
  });

  it("lands every one of 50 concurrent commuting edits and refuses the non-commuting ones", async () => {
    const { handle, store } = setup();
    await handle({ type: "SetTitle", boardId: "a", title: "start" }, anna);
    const staff: Principal[] = Array.from({ length: 50 }, (_, i) =>
      staffPrincipal(`staff-${i}`, ["customers:edit"]),
    );
    const settled = await Promise.allSettled(
      staff.map((principal, i) =>
        i % 5 === 0
          ? handle(
              { type: "SetTitle", boardId: "a", title: `title ${i}`, expectedRevision: 0 },
              principal,
            )
          : handle(
              { type: "AddTag", boardId: "a", tag: `tag-${i}`, expectedRevision: 0 },
              principal,
            ),
      ),
    );
    const tagIndexes = staff.map((_, i) => i).filter((i) => i % 5 !== 0);
    const titleResults = settled.filter((_, i) => i % 5 === 0);
    const tagResults = settled.filter((_, i) => i % 5 !== 0);
    expect(tagResults.every((result) => result.status === "fulfilled")).toBe(true);

    // One title may win the race (everything before it commutes); every other title sees a title change.
    const titleWins = titleResults.filter((result) => result.status === "fulfilled");
    expect(titleWins).toHaveLength(1);
    for (const result of titleResults) {
      if (result.status === "rejected") {
        expect(isClienteleError(result.reason, "CONCURRENCY_CONFLICT")).toBe(true);
        expect((result.reason as ClienteleError).message).toMatch(/changed by staff staff-\d+ at/);
      }
    }
    const events = await store.readStream("board-a");
    const tags = events.filter((event) => event.type === "TagAdded").map((event) => event.data.tag);
    expect(new Set(tags)).toEqual(new Set(tagIndexes.map((i) => `tag-${i}`)));
    expect(tags).toHaveLength(tagIndexes.length);
    expect(events.map((event) => event.revision)).toEqual(events.map((_, i) => i));
    for (const event of events) eventMetadataSchema.parse(event.metadata);
  });

  it("refuses a lost race without expectedRevision when the winner's change does not commute", async () => {
    const { handle } = setup();
    const settled = await Promise.allSettled([
      handle({ type: "SetTitle", boardId: "a", title: "one" }, anna),
      handle({ type: "SetTitle", boardId: "a", title: "two" }, bob),
    ]);
    const rejected = settled.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONCURRENCY_CONFLICT",
      details: { changedBy: { kind: "staff" } },
    });
  });

  it("stamps the schema version chosen per event type", async () => {
    const store = getInMemoryEventStore();
    const handle = createCommandHandler({
      store,
      decider: board,
      streamName: (command) => `board-${command.boardId}`,
      permissionFor: () => "customers:edit",
      commutes: () => true,
      parse: (input) => parseOrThrow(commandSchema, input, "board command"),
      schemaVersionFor: (type) => (type === "TitleSet" ? 3 : 1),
    });
    const { events } = await handle({ type: "SetTitle", boardId: "a", title: "x" }, anna);
    expect(events[0]?.metadata.schemaVersion).toBe(3);
  });

  it("loses no commuting edit under any mix of stale and fresh concurrent senders (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        async (tags, stale) => {
          const { handle, store } = setup();
          await Promise.all(
            tags.map((tag, i) =>
              handle(
                { type: "AddTag", boardId: "p", tag, expectedRevision: stale[i] ? -1 : undefined },
                anna,
              ),
            ),
          );
          const stored = await store.readStream("board-p");
          expect(stored.map((event) => event.data.tag).sort()).toEqual([...tags].sort());
        },
      ),
      { numRuns: 30 },
    );
  });
});
