import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import type { ReadModelStore } from "../readModel/readModelStore.js";
import { getRedisReadModelStore } from "../readModel/redisReadModelStore.js";
import { usePrivateRedis } from "../testing/redisServer.js";
import { recordingWriter } from "../view/viewOps.js";
import type { BitmapInstruction } from "./bitmapQuery.js";
import type { IndexEntityChange } from "./indexEntity.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

const name = "indexSpec";
const stores = (): Array<[string, ReadModelStore]> => [
  ["memory", getInMemoryReadModelStore()],
  ["redis", getRedisReadModelStore({ client: redis.client })],
];

const apply = async (store: ReadModelStore, changes: Array<[string, IndexEntityChange]>) => {
  const { writer, ops } = recordingWriter();
  for (const [id, change] of changes) writer.indexEntity(id, change);
  const from = await store.checkpoint(name, 1);
  await store.applyBatch({ projection: name, version: 1, from, to: (from ?? 0n) + 1n, ops });
};

const count = async (store: ReadModelStore, program: BitmapInstruction[]) => {
  const answer = await store.queryBitmaps(name, 1, { program, result: "count" });
  return answer.result === "count" ? answer.count : -1;
};

const members = async (
  store: ReadModelStore,
  program: BitmapInstruction[],
  after = -1,
  limit = 100,
) => {
  const answer = await store.queryBitmaps(name, 1, { program, result: "page", after, limit });
  return answer.result === "page" ? answer.ids : [];
};

const live = { slots: { all: ["all"] } } as const;

describe.each(["memory", "redis"])("a bitmap index in %s", (storeName) => {
  const store = async () => {
    await redis.client.flushall();
    return Object.fromEntries(stores())[storeName] as ReadModelStore;
  };

  it("keeps a value's bit while any slot holds it, and flips it when the last one lets go", async () => {
    const s = await store();
    await apply(s, [
      ["a", { ...live, slots: { all: ["all"], home: ["country:ca"], work: ["country:ca"] } }],
      ["b", { slots: { all: ["all"], home: ["country:us"] } }],
    ]);
    const canada: BitmapInstruction[] = [{ op: "value", value: "country:ca" }];
    expect(await members(s, canada)).toEqual(["a"]);
    await apply(s, [["a", { slots: { home: null } }]]);
    expect(await members(s, canada)).toEqual(["a"]);
    await apply(s, [
      ["a", { slots: { work: ["country:fr"] } }],
      ["b", { slots: { home: ["country:ca"] } }],
    ]);
    expect(await members(s, canada)).toEqual(["b"]);
    expect(await members(s, [canada[0] as BitmapInstruction, { op: "not" }])).toEqual(["a"]);
  });

  it("adds, keeps maxima and minima, and forgets everything of a removed entity", async () => {
    const s = await store();
    await apply(s, [
      [
        "a",
        {
          ...live,
          numbers: [
            { name: "n", mode: "add", value: 5 },
            { name: "d", mode: "max", value: 10 },
          ],
        },
      ],
      [
        "a",
        {
          numbers: [
            { name: "n", mode: "add", value: 7 },
            { name: "d", mode: "max", value: 3 },
          ],
        },
      ],
      [
        "b",
        {
          ...live,
          numbers: [{ name: "n", mode: "add", value: 0 }],
          entries: [{ key: "z", suffix: "p1\u001fo1", score: 50 }],
        },
      ],
    ]);
    expect(await members(s, [{ op: "eq", part: "n", bound: 12 }])).toEqual(["a"]);
    expect(await members(s, [{ op: "eq", part: "d", bound: 10 }])).toEqual(["a"]);
    expect(await members(s, [{ op: "le", part: "n", bound: 0 }])).toEqual(["b"]);
    expect(
      await members(s, [{ op: "scan", key: "z", min: 0, max: 100, among: ["p1"], negated: false }]),
    ).toEqual(["b"]);
    await apply(s, [["b", { remove: true }]]);
    expect(await count(s, [{ op: "exists", part: "n" }])).toBe(1);
    expect(
      await count(s, [{ op: "scan", key: "z", min: 0, max: 100, among: [], negated: true }]),
    ).toBe(0);
    expect(await count(s, [{ op: "value", value: "all" }])).toBe(1);
  });

  it("keeps order lines like a sorted set: exact edges within a day, moves, and erasure", async () => {
    const s = await store();
    const day = 86_400_000;
    const scan = (min: number, max: number, among = ["p1"]): BitmapInstruction[] => [
      { op: "scan", key: "z", min, max, among, negated: false },
    ];
    await apply(s, [
      ["a", { ...live, entries: [{ key: "z", suffix: "p1\u001fo1", score: 10 * day + 500 }] }],
      ["b", { ...live, entries: [{ key: "z", suffix: "p1\u001fo2", score: 10 * day + 501 }] }],
      ["c", { ...live, entries: [{ key: "z", suffix: "p2\u001fo3", score: 10 * day + 500 }] }],
    ]);
    expect(await members(s, scan(10 * day + 500, 10 * day + 500))).toEqual(["a"]);
    expect(await members(s, scan(10 * day + 501, 20 * day))).toEqual(["b"]);
    expect(await members(s, scan(0, 10 * day + 499))).toEqual([]);
    // The same suffix again moves the line, as ZADD moves a member.
    await apply(s, [["a", { entries: [{ key: "z", suffix: "p1\u001fo1", score: 12 * day }] }]]);
    expect(await members(s, scan(10 * day, 11 * day))).toEqual(["b"]);
    expect(await members(s, scan(12 * day, 12 * day))).toEqual(["a"]);
    await apply(s, [
      ["a", { remove: true }],
      ["b", { remove: true }],
    ]);
    expect(await members(s, scan(0, 100 * day, ["p1", "p2"]))).toEqual(["c"]);
    await apply(s, [["c", { remove: true }]]);
    expect(
      await count(
        s,
        scan(0, 100 * day, []).map((step) => ({ ...step, negated: true })),
      ),
    ).toBe(0);
    if (storeName === "redis") expect(await redis.client.keys("*z:*")).toEqual([]);
  });

  it("pages members in ordinal order after a cursor", async () => {
    const s = await store();
    await apply(
      s,
      Array.from({ length: 30 }, (_, i): [string, IndexEntityChange] => [`c${i}`, live]),
    );
    const all: BitmapInstruction[] = [{ op: "value", value: "all" }];
    expect(await members(s, all, -1, 3)).toEqual(["c0", "c1", "c2"]);
    expect(await members(s, all, 27, 10)).toEqual(["c28", "c29"]);
  });
});

/** Values and bounds on both sides of a digit's step in base 2 and 16, and the ends of the range. */
const nearStep = fc.oneof(
  fc.constantFrom(0, 1, Number.MAX_SAFE_INTEGER),
  fc
    .tuple(
      fc.constantFrom(2, 16),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 1, max: 15 }),
      fc.integer({ min: -1, max: 1 }),
    )
    .map(([base, digit, times, delta]) =>
      Math.min(Math.max(0, (times % base || 1) * base ** digit + delta), Number.MAX_SAFE_INTEGER),
    ),
  fc.nat({ max: 5000 }),
);

it("range comparisons over range-encoded digits equal a plain comparison, on both stores alike", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          // Successive values (bits set and cleared), the last one counts; none: no number.
          values: fc.array(nearStep, { maxLength: 3 }),
          removed: fc.boolean(),
          // Whichever base each write proposes, the part keeps the one of its first write.
          base: fc.constantFrom(2 as const, 16 as const),
        }),
        { minLength: 1, maxLength: 30 },
      ),
      fc.constantFrom("ge" as const, "le" as const, "eq" as const),
      fc.oneof(nearStep, fc.constantFrom(-2, -1, Number.MAX_SAFE_INTEGER + 1)),
      async (entities, op, bound) => {
        await redis.client.flushall();
        const expected = entities
          .map(({ values, removed }, i) => ({
            value: removed ? undefined : values.at(-1),
            id: `c${i}`,
          }))
          .filter(({ value }) =>
            value === undefined
              ? false
              : op === "ge"
                ? value >= bound
                : op === "le"
                  ? value <= bound
                  : value === bound,
          )
          .map(({ id }) => id);
        const changes = entities.flatMap(({ values, removed, base }, i) => [
          [`c${i}`, live] as [string, IndexEntityChange],
          ...values.map((value): [string, IndexEntityChange] => [
            `c${i}`,
            { numbers: [{ name: "n", mode: "set", value, bases: { n: base } }] },
          ]),
          ...(removed ? [[`c${i}`, { remove: true }] as [string, IndexEntityChange]] : []),
        ]);
        const [[, memory], [, onRedis]] = stores() as [
          [string, ReadModelStore],
          [string, ReadModelStore],
        ];
        for (const s of [memory, onRedis]) {
          await apply(s, changes);
          expect(await members(s, [{ op, part: "n", bound }])).toEqual(expected);
          expect(await count(s, [{ op, part: "n", bound }])).toBe(expected.length);
        }
        expect(await onRedis.snapshot(name, 1)).toEqual(await memory.snapshot(name, 1));
      },
    ),
    { numRuns: 150 },
  );
});

it("a part keeps the digit base of its first write, and a time-like part in base 2 compares alike", async () => {
  const s = getRedisReadModelStore({ client: redis.client });
  await redis.client.flushall();
  await apply(s, [
    ["a", { ...live, numbers: [{ name: "t", mode: "set", value: 37, bases: { t: 2 } }] }],
    ["b", { ...live, numbers: [{ name: "t", mode: "set", value: 40, bases: { t: 16 } }] }],
  ]);
  const snapshot = await s.snapshot(name, 1);
  expect(JSON.stringify(snapshot)).toContain("base:t");
  expect(await members(s, [{ op: "ge", part: "t", bound: 38 }])).toEqual(["b"]);
  expect(await members(s, [{ op: "eq", part: "t", bound: 37 }])).toEqual(["a"]);
  expect(await members(s, [{ op: "le", part: "t", bound: 39 }])).toEqual(["a"]);
});
