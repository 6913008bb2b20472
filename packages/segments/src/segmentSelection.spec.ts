import {
  bulkStreamPrefix,
  createCustomers,
  getInMemoryEventStore,
  newCustomerId,
  staffPrincipal,
  storeSelection,
} from "@clientele/core";
import { describe, expect, it } from "vitest";
import { segmentSelection } from "./segmentSelection.js";
import { profileBook, profileOf } from "./spec/profiles.js";

const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);

const given = async () => {
  const store = getInMemoryEventStore();
  const book = profileBook();
  const customers = createCustomers({
    store,
    keyStore: false,
    uniquenessSecret: "segment-selection-spec-secret",
    clock: book.clock,
    selection: segmentSelection(book.reader, storeSelection(store)),
  });
  const vips: string[] = [];
  const others: string[] = [];
  for (let i = 0; i < 12; i++) {
    const customerId = newCustomerId();
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", firstName: `C${i}` },
      anna,
    );
    // The read model the reader answers from: every third customer is a VIP.
    book.put(profileOf(customerId, { tags: i % 3 === 0 ? ["VIP"] : [] }));
    (i % 3 === 0 ? vips : others).push(customerId);
  }
  return { store, customers, vips, others };
};

describe("bulk operations over a segment selection", () => {
  it("tags exactly the members of the query", async () => {
    const { customers, vips, others } = await given();
    const report = await customers.bulk.run(
      {
        operation: { kind: "addTags", tags: "winback" },
        selection: { segment: "customer_tags CONTAINS 'vip'" },
      },
      anna,
    );
    expect(report).toMatchObject({ total: 4, changed: 4, failed: 0, finished: true });
    expect(report.items.map((item) => item.customerId)).toEqual([...vips].sort());
    for (const id of vips) expect((await customers.load(id, anna)).state.tags).toEqual(["winback"]);
    for (const id of others) expect((await customers.load(id, anna)).state.tags).toEqual([]);
  });

  it("refuses a query that does not parse before anything is written", async () => {
    const { store, customers } = await given();
    await expect(
      customers.bulk.run(
        { operation: { kind: "addTags", tags: "x" }, selection: { segment: "vip = yes" } },
        anna,
      ),
    ).rejects.toMatchObject({ code: "SEGMENT_QUERY_INVALID" });
    expect(await store.readAll({ filter: { streamPrefixes: [bulkStreamPrefix] } })).toEqual([]);
  });

  it("still resolves ids and every customer through the store", async () => {
    const { customers, vips, others } = await given();
    const all = await customers.bulk.run(
      { operation: { kind: "addTags", tags: "all" }, selection: { all: true } },
      anna,
    );
    expect(all.total).toBe(vips.length + others.length);
    const some = await customers.bulk.run(
      { operation: { kind: "addTags", tags: "some" }, selection: { ids: [vips[0] as string] } },
      anna,
    );
    expect(some.total).toBe(1);
  });
});
