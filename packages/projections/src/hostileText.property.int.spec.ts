import {
  createCustomers,
  getInMemoryEventStore,
  illFormedSpotIn,
  isClienteleError,
  systemPrincipal,
} from "@clientele/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Core's own command generator (every command type, valid shapes): test code shared as source.
import { commandInput } from "../../core/src/customer/spec/arbitraries.js";
import { customerId } from "../../core/src/customer/spec/fixtures.js";
import { hostileString as hostileText } from "../../core/src/spec/hostileText.js";
import { directory } from "./directory/directory.js";
import type { Projection } from "./projection.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import { segmentIndexProjections } from "./segmentIndex/segmentIndexProjection.js";
import { customerCreated, customerHistory, project } from "./testing/customerHistory.js";
import { usePrivateRedis } from "./testing/redisServer.js";
import { timeline } from "./timeline/timeline.js";

const redis = usePrivateRedis({ beforeAll, afterAll });
const views: Projection[] = [
  timeline,
  directory,
  ...segmentIndexProjections({ shards: 2, version: 1, timeZone: "Europe/Paris" }),
];

const hostileString = hostileText();

/** Every path to a string inside a command (but its `type`, which picks the command). */
const stringPaths = (value: unknown, path: string[] = []): string[][] => {
  if (typeof value === "string") return path[0] === "type" ? [] : [path];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => stringPaths(child, [...path, key]));
};

const withStringAt = (value: unknown, path: readonly string[], text: string): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return text;
  if (Array.isArray(value))
    return value.map((item, i) => (String(i) === head ? withStringAt(item, rest, text) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: withStringAt(record[head], rest, text) };
};

const system = systemPrincipal("hostile text property");

const snapshots = async (events: Parameters<typeof project>[2]) => {
  await redis.client.flushall();
  const memory = getInMemoryReadModelStore();
  const onRedis = getRedisReadModelStore({ client: redis.client });
  for (const projection of views) {
    await project(memory, projection, events, 7);
    await project(onRedis, projection, events, 7);
    expect(await onRedis.snapshot(projection.name, projection.version)).toEqual(
      await memory.snapshot(projection.name, projection.version),
    );
  }
  return memory;
};

describe("any text in any command field", () => {
  it("is refused with VALIDATION_FAILED writing nothing, or accepted and projected alike into memory and Redis", async () => {
    await fc.assert(
      fc.asyncProperty(
        commandInput.chain((command) => {
          const paths = stringPaths(command);
          return fc.tuple(
            fc.constant(command),
            paths.length === 0 ? fc.constant(undefined) : fc.constantFrom(...paths),
            hostileString,
          );
        }),
        async ([command, path, text]) => {
          fc.pre(path !== undefined);
          const store = getInMemoryEventStore();
          const customers = createCustomers({ store });
          await customers.execute(
            { type: "CreateCustomer", customerId, source: "manual", email: "given@example.com" },
            system,
          );
          const before = (await store.readAll()).length;
          const input = withStringAt(command, path as string[], text);
          let refused: unknown;
          await customers.execute(input, system).catch((error: unknown) => {
            refused = error;
          });
          if (refused !== undefined) expect(isClienteleError(refused), String(refused)).toBe(true);
          if (illFormedSpotIn(text)) {
            expect(isClienteleError(refused, "VALIDATION_FAILED")).toBe(true);
            const fields = isClienteleError(refused) ? (refused.details.fields as string[]) : [];
            expect(fields).toContain((path as string[]).join("."));
          }
          if (isClienteleError(refused, "VALIDATION_FAILED")) {
            expect((await store.readAll()).length).toBe(before);
            return;
          }
          // Accepted, or refused by a rule (which may leave reservation bookkeeping: issue #20).
          await snapshots(await customers.store.readAll());
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});

describe("events stored with lone surrogates before the boundaries refused them", () => {
  it("are projected with U+FFFD in their place, the same in memory and on Redis", async () => {
    const history = customerHistory()
      .add("cus_1", "CustomerCreated", {
        ...customerCreated("cus_1"),
        firstName: "Ad\ud800a",
        tags: ["x\udfff", "vip"],
      })
      .add("cus_1", "CustomerTagged", { tags: ["\udc00lone"] })
      .add("cus_1", "CustomerNoted", { note: "half \ud83d of an emoji" });
    const memory = await snapshots(history.events);
    const summary = await memory.readHash(directory.name, directory.version, "customer:cus_1");
    expect(JSON.stringify(summary)).toContain("Ad\ufffda");
    expect(JSON.stringify(summary)).not.toMatch(/\\ud[89a-f]/);
  });

  it("an op a projection makes up with a lone surrogate is kept with U+FFFD by both stores alike", async () => {
    await redis.client.flushall();
    const stores = [getInMemoryReadModelStore(), getRedisReadModelStore({ client: redis.client })];
    for (const store of stores)
      await store.applyBatch({
        projection: "made_up",
        version: 1,
        from: undefined,
        to: 1n,
        ops: [
          { op: "hset", key: "k\udc00", fields: { "f\ud800": "v\udbff" } },
          { op: "sadd", key: "set", members: ["a\\ud800", "\ud800"] },
        ],
      });
    const [inMemory, onRedis] = await Promise.all(stores.map((s) => s.snapshot("made_up", 1)));
    expect(onRedis).toEqual(inMemory);
    expect(inMemory).toEqual({
      "k\ufffd": { type: "hash", fields: { "f\ufffd": "v\ufffd" } },
      set: { type: "set", members: ["a\\ud800", "\ufffd"].sort() },
    });
  });
});
