import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { customerStreamName, newCustomerId } from "../customer/index.js";
import { createCustomers } from "../customers/customerService.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { permissions } from "../permissions.js";
import { type BulkProgress, type BulkRequest, bulkCommandId, createBulk } from "./bulk.js";
import { storeSelection } from "./selection.js";

const anna = staffPrincipal("anna", [...permissions]);

const setup = async (count: number) => {
  const store = getInMemoryEventStore();
  const clock = fixedClock("2026-03-01T10:00:00.000Z");
  const customers = createCustomers({ store, clock, bulkChunkSize: 10 });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const customerId = newCustomerId();
    ids.push(customerId);
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", firstName: `C${i}` },
      anna,
    );
  }
  return { store, clock, customers, ids };
};

describe("bulk operations", () => {
  it("tags every eligible profile and reports per profile what happened and why not", async () => {
    const { customers, ids } = await setup(5);
    const [fresh, already, full, deleted] = ids as [string, string, string, string, string];
    await customers.execute({ type: "AddTags", customerId: already, tags: "VIP" }, anna);
    await customers.execute(
      {
        type: "ReplaceTags",
        customerId: full,
        tags: Array.from({ length: 250 }, (_, i) => `t${i}`),
      },
      anna,
    );
    await customers.execute({ type: "DeleteCustomer", customerId: deleted }, anna);
    const report = await customers.bulk.run(
      {
        operation: { kind: "addTags", tags: "vip" },
        selection: { ids: [...ids, "cus_missing", fresh] },
      },
      anna,
    );
    expect(report).toMatchObject({
      total: 6,
      done: 6,
      changed: 2,
      unchanged: 1,
      failed: 3,
      finished: true,
    });
    const byId = new Map(report.items.map((item) => [item.customerId, item]));
    expect(byId.get(fresh)).toEqual({ customerId: fresh, outcome: "changed" });
    expect(byId.get(already)).toEqual({ customerId: already, outcome: "unchanged" });
    expect(byId.get(full)).toMatchObject({ outcome: "failed", code: "TAG_LIMIT_EXCEEDED" });
    expect(byId.get(deleted)).toMatchObject({ outcome: "failed", code: "CUSTOMER_DELETED" });
    expect(byId.get("cus_missing")).toMatchObject({
      outcome: "failed",
      code: "CUSTOMER_NOT_FOUND",
    });
    expect(byId.get(full)?.message).toMatch(/at most 250 tags/);
    // Ineligible profiles are untouched.
    expect((await customers.load(full, anna)).state.tags).toHaveLength(250);
    expect(await customers.bulk.report(report.bulkId, anna)).toEqual(report);
  });

  it("removes tags, edits a field and deletes in bulk; a blocked delete is reported with its reasons", async () => {
    const { customers, ids } = await setup(3);
    const [a, b, c] = ids as [string, string, string];
    await customers.bulk.run(
      { operation: { kind: "addTags", tags: "old, keep" }, selection: { ids } },
      anna,
    );
    await customers.bulk.run(
      { operation: { kind: "removeTags", tags: ["OLD"] }, selection: { ids } },
      anna,
    );
    expect((await customers.load(a, anna)).state.tags).toEqual(["keep"]);
    const edit = await customers.bulk.run(
      { operation: { kind: "update", fields: { locale: "fr" } }, selection: { ids } },
      anna,
    );
    expect(edit.changed).toBe(3);
    expect((await customers.load(b, anna)).state.locale).toBe("fr");
    await customers.execute(
      {
        type: "RecordOrder",
        customerId: c,
        orderId: "o1",
        placedAt: "2026-01-01T00:00:00Z",
        total: "1.00",
        currency: "EUR",
        lineItems: [],
      },
      systemPrincipal("orders"),
    );
    const removal = await customers.bulk.run(
      { operation: { kind: "delete" }, selection: { ids } },
      anna,
    );
    expect(removal.items.find((item) => item.customerId === c)).toMatchObject({
      outcome: "failed",
      code: "DELETE_BLOCKED",
    });
    expect(removal.changed).toBe(2);
  });

  it("needs the single command's permission: customers:edit for tags, customers:delete for deleting", async () => {
    const { customers, ids } = await setup(1);
    const editor = staffPrincipal("ed", ["customers:edit", "customers:view"]);
    await customers.bulk.run(
      { operation: { kind: "addTags", tags: "a" }, selection: { ids } },
      editor,
    );
    await expect(
      customers.bulk.run({ operation: { kind: "delete" }, selection: { ids } }, editor),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { permission: "customers:delete" } });
    await expect(
      customers.bulk.run({ operation: { kind: "update", fields: {} }, selection: { ids } }, editor),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    // Email and phone are unique: a bulk value could land on one profile at most.
    const everyoneOneEmail = {
      operation: { kind: "update", fields: { email: "all@example.com" } },
      selection: { ids },
    };
    const refused = await customers.bulk
      .run(everyoneOneEmail as unknown as BulkRequest, editor)
      .catch((error) => error);
    expect(refused.code).toBe("VALIDATION_FAILED");
    expect(refused.details.fields).toContain("operation.fields");
  });

  it("selects every customer with { all: true } and reports progress after each chunk", async () => {
    const { customers, ids } = await setup(25);
    const progress: BulkProgress[] = [];
    const report = await customers.bulk.run(
      { operation: { kind: "addTags", tags: "everyone" }, selection: { all: true } },
      anna,
      { onProgress: (p) => progress.push(p) },
    );
    expect(new Set(report.items.map((item) => item.customerId))).toEqual(new Set(ids));
    expect(progress.map((p) => p.done)).toEqual([10, 20, 25]);
  });

  it("refuses a segment selection when no segment reader was given, saying how to add one", async () => {
    const { customers, store } = await setup(1);
    const refused = await customers.bulk
      .run(
        { operation: { kind: "addTags", tags: "x" }, selection: { segment: "amount_spent > 1" } },
        anna,
      )
      .catch((error) => error);
    expect(refused).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { fields: ["selection.segment"] },
    });
    expect(refused.message).toMatch(/segmentSelection\(reader\)/);
    expect(await store.readAll({ filter: { streamPrefixes: ["clientele-bulk-"] } })).toEqual([]);
  });

  it("runs with bounded concurrency", async () => {
    const store = getInMemoryEventStore();
    let inFlight = 0;
    let most = 0;
    const bulk = createBulk({
      store,
      clock: fixedClock("2026-03-01T00:00:00Z"),
      selection: storeSelection(store),
      chunkSize: 100,
      execute: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight--;
        return { events: [], revision: 0, state: {} as never };
      },
    });
    const ids = Array.from({ length: 60 }, (_, i) => `cus_${i}`);
    await bulk.run({ operation: { kind: "addTags", tags: "x" }, selection: { ids } }, anna, {
      concurrency: 4,
    });
    expect(most).toBe(4);
  });

  it("resumes an interrupted run without deleting anyone twice, and reports what landed before the crash as done", async () => {
    const { store, clock, customers, ids } = await setup(30);
    let calls = 0;
    const crashing = createBulk({
      store,
      clock,
      selection: storeSelection(store),
      chunkSize: 10,
      execute: async (command, principal, options) => {
        if (++calls > 15) throw new Error("process killed");
        return customers.execute(command, principal, options);
      },
    });
    const bulkId = "crash-test";
    await expect(
      crashing.run({ bulkId, operation: { kind: "delete" }, selection: { ids } }, anna, {
        concurrency: 1,
      }),
    ).rejects.toThrow("process killed");
    const halfway = await customers.bulk.report(bulkId, anna);
    expect(halfway).toMatchObject({ finished: false, done: 10 });

    const report = await customers.bulk.resume(bulkId, anna);
    expect(report).toMatchObject({ finished: true, total: 30, changed: 30, failed: 0 });
    for (const id of ids) {
      const events = await store.readStream(customerStreamName(id));
      expect(events.filter((e) => e.type === "CustomerDeleted")).toHaveLength(1);
      expect(events.at(-1)?.metadata.causationId).toBe(bulkCommandId(bulkId, id));
    }
    // Running the same request again is recognised: same report, nothing more written.
    const before = (await store.readAll()).length;
    await customers.bulk.run({ bulkId, operation: { kind: "delete" }, selection: { ids } }, anna);
    expect(await store.readAll()).toHaveLength(before);
  });
});
