import {
  createCustomers,
  customerStreamPrefix,
  fixedClock,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  newCustomerId,
  staffPrincipal,
  storeSelection,
  systemPrincipal,
} from "@clientele/core";
import {
  getInMemoryReadModelStore,
  type Projector,
  segmentIndexProjections,
  startProjector,
} from "@clientele/projections";
import { afterEach, describe, expect, it } from "vitest";
import { createIndexedSegmentReader } from "./indexedReader.js";
import { parseSegmentQuery } from "./parser.js";
import { createMembershipRefresher, createSavedSegments } from "./saved/index.js";
import { allMembers, segmentSelection } from "./segmentSelection.js";

const anna = staffPrincipal("anna", [
  "customers:view",
  "customers:edit",
  "customers:erase",
  "customers:merge",
  "segments:manage",
]);
const orders = systemPrincipal("orders");
const layout = { shards: 2, version: 1, timeZone: "Europe/Paris" };

const projectors: Projector[] = [];
afterEach(async () => {
  for (const projector of projectors.splice(0)) await projector.stop();
});

/**
 * The whole path a merchant's service runs, on the embedded default: commands through
 * createCustomers (crypto-shredding on), the segment-index projectors following the store, the
 * indexed reader, saved segments with their refresher, and a bulk run over a segment.
 */
const given = async () => {
  const store = getInMemoryEventStore();
  const clock = fixedClock("2026-03-01T10:00:00.000Z");
  const readModel = getInMemoryReadModelStore();
  const reader = createIndexedSegmentReader({ readModel, layout, now: () => clock.now() });
  const customers = createCustomers({
    store,
    keyStore: getInMemoryKeyStore(),
    uniquenessSecret: "end-to-end segments spec secret",
    clock,
    selection: segmentSelection(reader, storeSelection(store)),
  });
  for (const projection of segmentIndexProjections(layout))
    projectors.push(await startProjector({ store: customers.store, readModel, projection }));
  const caughtUp = async () => {
    // Projectors only see customer streams; merges and erasures also write to their own.
    const customerEvents = await store.readAll({
      filter: { streamPrefixes: [customerStreamPrefix] },
    });
    const last = customerEvents.at(-1)?.position;
    if (last !== undefined) await Promise.all(projectors.map((p) => p.waitFor(last)));
  };
  const create = async (email: string, tags: string[] = []) => {
    const customerId = newCustomerId();
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", email, tags },
      anna,
    );
    return customerId;
  };
  return { store, clock, reader, customers, caughtUp, create };
};

const count = (reader: ReturnType<typeof createIndexedSegmentReader>, query: string) =>
  reader.count(parseSegmentQuery(query));

describe("segments end to end, from commands to notifications and bulk runs", () => {
  it("counts follow commands: tags, orders, merges and redaction", async () => {
    const { customers, reader, caughtUp, create, clock } = await given();
    const ada = await create("ada@example.com", ["VIP"]);
    const bob = await create("bob@example.org", ["vip", "wholesale"]);
    const cleo = await create("cleo@example.com");
    await customers.execute(
      {
        type: "RecordOrder",
        customerId: cleo,
        orderId: "o-1",
        placedAt: "2026-02-20T09:00:00.000Z",
        total: "150.00",
        currency: "EUR",
        lineItems: [],
      },
      orders,
    );
    await caughtUp();
    expect(await count(reader, "customer_tags CONTAINS 'vip'")).toBe(2);
    expect(await count(reader, "customer_email_domain = 'example.com'")).toBe(2);
    expect(await count(reader, "amount_spent >= 100 AND last_order_date > -30d")).toBe(1);

    await customers.execute({ type: "RemoveTags", customerId: bob, tags: "VIP" }, anna);
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [cleo, ada] }, anna);
    await caughtUp();
    // Bob lost the tag; the survivor keeps Ada's (a merge unites tags).
    expect(await count(reader, "customer_tags CONTAINS 'vip'")).toBe(1);
    // The merged profile's order counts once, on the survivor.
    expect(await count(reader, "number_of_orders = 1")).toBe(1);
    expect(await count(reader, "customer_email_domain = 'example.com'")).toBe(1);

    await customers.execute({ type: "RequestDataErasure", customerId: bob }, anna);
    clock.advance(10 * 86_400_000);
    expect((await customers.processDueErasures()).redacted).toEqual([bob]);
    await caughtUp();
    expect(await count(reader, "customer_email_domain = 'example.org'")).toBe(0);
    expect(await count(reader, "customer_tags CONTAINS 'wholesale'")).toBe(0);
  });

  it("a saved segment notifies joins and leaves, and a bulk run tags exactly its members", async () => {
    const { store, clock, reader, customers, caughtUp, create } = await given();
    const vips = [await create("a@example.com", ["VIP"]), await create("b@example.com", ["VIP"])];
    const other = await create("c@example.com");
    await caughtUp();

    const segments = createSavedSegments({ store, reader, clock });
    const saved = await segments.create(
      { name: "VIPs", query: "customer_tags CONTAINS 'vip'" },
      anna,
    );
    const refresher = createMembershipRefresher({
      store,
      reader,
      clock,
      timeZone: layout.timeZone,
    });
    expect(await refresher.refresh()).toEqual([{ segmentId: saved.segmentId, joined: 2, left: 0 }]);

    await customers.execute({ type: "AddTags", customerId: other, tags: "VIP" }, anna);
    await customers.execute(
      { type: "RemoveTags", customerId: vips[0] as string, tags: "vip" },
      anna,
    );
    await caughtUp();
    expect(await refresher.refresh()).toEqual([{ segmentId: saved.segmentId, joined: 1, left: 1 }]);

    const members = [vips[1] as string, other].sort();
    const listed = await allMembers(reader, parseSegmentQuery("customer_tags CONTAINS 'vip'"));
    expect(listed.sort()).toEqual(members);
    const report = await customers.bulk.run(
      {
        operation: { kind: "addTags", tags: "winback" },
        selection: { segment: "customer_tags CONTAINS 'vip'" },
      },
      anna,
    );
    expect(report).toMatchObject({ total: 2, changed: 2, failed: 0, finished: true });
    for (const id of members)
      expect((await customers.load(id, anna)).state.tags).toContain("winback");
    expect((await customers.load(vips[0] as string, anna)).state.tags).not.toContain("winback");
  });
});
