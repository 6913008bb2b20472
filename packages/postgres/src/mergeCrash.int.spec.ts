import { fileURLToPath } from "node:url";
import {
  createCustomers,
  customerStreamName,
  type EventStore,
  newCustomerId,
  staffPrincipal,
  systemPrincipal,
} from "@clientele/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChild } from "../test/runChild.js";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();
const child = fileURLToPath(new URL("../test/mergeCrashChild.mjs", import.meta.url));
const anna = staffPrincipal("anna", ["customers:edit", "customers:view", "customers:merge"]);
const orders = systemPrincipal("orders");
const resumer = systemPrincipal("merge resumer");
/** A completed merge makes 8 durable writes (requested, 2 starts, close, contacts, complete, release, finish). */
const boundaries = 8;

const runMergeChild = (args: string[], killAfter?: (output: string) => boolean) =>
  runChild(child, args, killAfter);

describe.skipIf(!reachable)("merges killed with SIGKILL (PostgreSQL, real child processes)", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: EventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = getPostgresEventStore({ connectionString: database.url });
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  const phoneOf = (n: number) => `+1415555${String(1000 + n)}`;
  const pair = async (n: number) => {
    const customers = createCustomers({ store });
    const ids = [newCustomerId(), newCustomerId()] as const;
    for (const [i, customerId] of ids.entries()) {
      await customers.execute(
        {
          type: "CreateCustomer",
          customerId,
          source: "manual",
          email: `p${n}-${i}@example.com`,
          // Only the absorbed profile has a phone: the merge moves its reservation to the survivor.
          ...(i === 1 ? { phone: phoneOf(n) } : {}),
        },
        anna,
      );
      await customers.execute(
        {
          type: "RecordOrder",
          customerId,
          orderId: `o${n}-${i}`,
          placedAt: "2026-01-01T00:00:00Z",
          total: "5.00",
          currency: "EUR",
          lineItems: [],
        },
        orders,
      );
    }
    return ids;
  };

  /** Clean merge (returns true) or no merge (false); never anything in between. */
  const expectCleanOrNone = async (first: string, second: string, n: number) => {
    const customers = createCustomers({ store });
    const a = (await customers.load(first, anna)).state;
    const b = (await customers.load(second, anna)).state;
    expect([a.mergeInProgress, b.mergeInProgress]).toEqual([null, null]);
    if (b.status === "merged") {
      expect(b.mergedInto).toBe(first);
      expect(a.orders.map((o) => o.orderId).sort()).toEqual([`o${n}-0`, `o${n}-1`]);
      expect(await customers.ownerOf("email", `p${n}-0@example.com`, anna)).toBe(first);
      expect(await customers.ownerOf("email", `p${n}-1@example.com`, anna)).toBeUndefined();
      expect(a.phone).toBe(phoneOf(n));
      expect(await customers.ownerOf("phone", phoneOf(n), anna)).toBe(first);
      const merged = await store.readStream(customerStreamName(first));
      expect(merged.filter((e) => e.type === "CustomerMerged")).toHaveLength(1);
      return true;
    }
    expect([a.status, b.status, a.orders.length, b.orders.length]).toEqual([
      "active",
      "active",
      1,
      1,
    ]);
    expect(await customers.ownerOf("email", `p${n}-1@example.com`, anna)).toBe(second);
    expect(await customers.ownerOf("phone", phoneOf(n), anna)).toBe(second);
    return false;
  };

  it.each(Array.from({ length: boundaries }, (_, k) => k))(
    "killed right after durable write #%i, the merge is finished by resumeMerges in another process",
    async (k) => {
      const [first, second] = await pair(k);
      const { signal } = await runMergeChild(["boundary", database.url, first, second, String(k)]);
      expect(signal).toBe("SIGKILL");
      const { resumed } = await createCustomers({ store }).merges.resumeMerges(resumer);
      expect(resumed.map((merge) => merge.mergeId)).toEqual(
        k === boundaries - 1 ? [] : [`m-${first}`],
      );
      expect(await expectCleanOrNone(first, second, k)).toBe(true);
    },
  );

  it("killed at a random moment during a run of merges, every pair ends merged or untouched", async () => {
    const pairs = [];
    for (let n = 100; n < 112; n++) pairs.push(await pair(n));
    const { signal, output } = await runMergeChild(
      ["loop", database.url, JSON.stringify(pairs)],
      (out) => out.split("\n").length > 4,
    );
    expect(signal).toBe("SIGKILL");
    expect(output).not.toContain(`merged ${pairs.at(-1)?.[0]}`);
    await createCustomers({ store }).merges.resumeMerges(resumer);
    const outcomes = await Promise.all(pairs.map(([a, b], i) => expectCleanOrNone(a, b, 100 + i)));
    // The pairs merged before the kill stay merged; those never started stay apart.
    expect(outcomes.filter(Boolean).length).toBeGreaterThanOrEqual(3);
  });
});
