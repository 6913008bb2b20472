import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { customerStreamName, newCustomerId } from "../customer/index.js";
import { type CustomersOptions, createCustomers } from "../customers/customerService.js";
import { isClienteleError } from "../errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { permissions } from "../permissions.js";
import { mergeIndexStream } from "./process.js";
import type { MergeBoundary } from "./runner.js";

const anna = staffPrincipal("anna", [...permissions]);
const system = systemPrincipal("merge resumer");

const setup = (options: CustomersOptions = {}) => {
  const store = options.store ?? getInMemoryEventStore();
  const customers = createCustomers({
    clock: fixedClock("2026-03-01T10:00:00.000Z"),
    ...options,
    store,
  });
  return { store, customers };
};

type Customers = ReturnType<typeof createCustomers>;

const create = async (customers: Customers, fields: Record<string, unknown>) => {
  const customerId = newCustomerId();
  await customers.execute(
    { type: "CreateCustomer", customerId, source: "manual", ...fields },
    anna,
  );
  return customerId;
};

const order = (customerId: string, orderId: string) => ({
  type: "RecordOrder",
  customerId,
  orderId,
  placedAt: "2026-02-01T00:00:00.000Z",
  total: "20.00",
  currency: "EUR",
  lineItems: [],
});

/** Two profiles worth merging: both have orders; the survivor keeps the absorbed one's email. */
const pair = async (customers: Customers) => {
  const a = await create(customers, {
    firstName: "Ada",
    email: "ada@example.com",
    phone: "+14155550100",
    tags: ["vip"],
  });
  const b = await create(customers, {
    firstName: "Adeline",
    email: "adeline@example.com",
    note: "Calls on Mondays",
  });
  await customers.execute(order(a, "o-a"), systemPrincipal("orders"));
  await customers.execute(order(b, "o-b"), systemPrincipal("orders"));
  return { a, b };
};

describe("customers.merges", () => {
  it("merges: the survivor gains the orders and the kept email; the absorbed profile answers CUSTOMER_MERGED", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    const result = await customers.merges.merge(
      { type: "MergeCustomers", customerIds: [a, b], keep: { email: a } },
      anna,
    );
    expect(result).toMatchObject({ survivorId: a, absorbedId: b, outcome: "completed" });
    expect(result.survivor.orders.map((o) => o.orderId)).toEqual(["o-a", "o-b"]);
    expect(result.survivor).toMatchObject({
      email: "ada@example.com",
      note: "Calls on Mondays",
      mergeInProgress: null,
    });
    const refused = await customers
      .execute({ type: "AddTags", customerId: b, tags: "x" }, anna)
      .catch((e) => e);
    expect(isClienteleError(refused, "CUSTOMER_MERGED") && refused.details.survivorId).toBe(a);
    // The absorbed email is free again; the kept one still belongs to the survivor.
    expect(await customers.ownerOf("email", "adeline@example.com", anna)).toBeUndefined();
    expect(await customers.ownerOf("email", "ada@example.com", anna)).toBe(a);
    expect(await customers.ownerOf("phone", "+14155550100", anna)).toBe(a);
  });

  it("keeps staff's choice of first name from the absorbed profile, and frees the absorbed email", async () => {
    const { customers } = setup();
    const c = await create(customers, { firstName: "Cy", email: "cy@example.com" });
    const d = await create(customers, { firstName: "Di", email: "di@example.com" });
    const merged = await customers.merges.merge(
      { type: "MergeCustomers", customerIds: [c, d], keep: { email: c, firstName: d } },
      anna,
    );
    expect(merged.survivorId).toBe(c);
    expect(merged.survivor.firstName).toBe("Di");
    await customers.execute(
      {
        type: "CreateCustomer",
        customerId: newCustomerId(),
        source: "manual",
        email: "di@example.com",
      },
      anna,
    );
    const taken = await customers
      .execute(
        {
          type: "CreateCustomer",
          customerId: newCustomerId(),
          source: "manual",
          email: "cy@example.com",
        },
        anna,
      )
      .catch((e) => e);
    expect(isClienteleError(taken, "EMAIL_TAKEN") && taken.details.ownerId).toBe(c);
  });

  it("an order for the absorbed email after the merge lands on the survivor", async () => {
    const { customers } = setup();
    const a = await create(customers, { firstName: "A" });
    const b = await create(customers, { firstName: "B", email: "b@example.com" });
    await customers.merges.merge(
      { type: "MergeCustomers", customerIds: [a, b], keep: { email: b } },
      anna,
    );
    const { state } = await customers.execute(
      {
        ...order(undefined as unknown as string, "o-late"),
        customerId: undefined,
        email: "b@example.com",
      },
      systemPrincipal("orders"),
    );
    expect(state.id).toBe(b);
    expect(state.orders.map((o) => o.orderId)).toEqual(["o-late"]);
  });

  it("previews the result and the blockers without writing anything", async () => {
    const { customers, store } = setup();
    const { a, b } = await pair(customers);
    await customers.execute(
      { type: "StartSubscription", customerId: b, contractId: "c1" },
      systemPrincipal("billing"),
    );
    const before = (await store.readAll()).length;
    const preview = await customers.merges.preview(
      { type: "MergeCustomers", customerIds: [a, b] },
      anna,
    );
    expect(preview.blockers).toEqual([{ reason: "SUBSCRIPTIONS", customerId: b }]);
    expect(preview.result.orders).toHaveLength(2);
    await expect(
      customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna),
    ).rejects.toMatchObject({
      code: "MERGE_BLOCKED",
      details: { reasons: ["SUBSCRIPTIONS"] },
    });
    expect(await store.readAll()).toHaveLength(before);
  });

  it("needs customers:merge, and refuses a missing or already merged profile", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    const editor = staffPrincipal("ed", ["customers:edit", "customers:view"]);
    await expect(
      customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, editor),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { permission: "customers:merge" },
    });
    await expect(
      customers.merges.preview({ type: "MergeCustomers", customerIds: [a, "cus_nobody"] }, anna),
    ).rejects.toMatchObject({
      code: "CUSTOMER_NOT_FOUND",
    });
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna);
    await expect(
      customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna),
    ).rejects.toMatchObject({
      code: "CUSTOMER_MERGED",
      details: { survivorId: b },
    });
    await expect(
      customers.merges.merge(
        { type: "MergeCustomers", customerIds: [a, b], keep: { email: "cus_other" } },
        anna,
      ),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED", details: { fields: ["keep.email"] } });
  });

  it("history(survivor) includes every absorbed profile's history, recursively, each event naming its stream", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    const c = await create(customers, { firstName: "Cy", email: "cy@example.com" });
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna); // b survives
    await customers.merges.merge(
      { type: "MergeCustomers", customerIds: [b, c], keep: { email: c } },
      anna,
    );
    const history = await customers.history(c, anna);
    const streams = new Set(history.map((event) => event.streamName));
    expect(streams).toEqual(new Set([a, b, c].map(customerStreamName)));
    const positions = history.map((event) => event.position);
    expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : 1)));
    const { state } = await customers.load(c, anna);
    expect(state.orders.map((o) => o.orderId).sort()).toEqual(["o-a", "o-b"]);
    expect(state.absorbedIds).toEqual([b]);
  });

  it("overlapping merges sent at once: each ends merged or refused, none half-done, no order lost", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    const c = await create(customers, { firstName: "Cy", email: "cy@example.com" });
    const settled = await Promise.allSettled(
      [
        [a, b],
        [b, c],
        [c, a],
      ].map((customerIds) => customers.merges.merge({ type: "MergeCustomers", customerIds }, anna)),
    );
    expect(settled.some((result) => result.status === "fulfilled")).toBe(true);
    for (const result of settled) {
      if (result.status === "rejected") {
        expect(["MERGE_BLOCKED", "CUSTOMER_MERGED"]).toContain(result.reason.code);
      }
    }
    const states = await Promise.all(
      [a, b, c].map(async (id) => (await customers.load(id, anna)).state),
    );
    expect(states.map((state) => state.mergeInProgress)).toEqual([null, null, null]);
    const live = states.filter((state) => state.status === "active");
    expect(live.flatMap((state) => state.orders.map((o) => o.orderId)).sort()).toEqual([
      "o-a",
      "o-b",
    ]);
  });

  it("a pending erasure or data request blocks the merge", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    await customers.execute({ type: "RequestDataErasure", customerId: a }, anna);
    await customers.dataRequests.start(b, anna, "req-1");
    await expect(
      customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna),
    ).rejects.toMatchObject({
      code: "MERGE_BLOCKED",
      details: { reasons: ["REDACTED", "PENDING_DATA_REQUEST"] },
    });
  });
});

/** Every boundary a merge passes on its way to completion, in order. */
const completedPath: MergeBoundary[] = [
  "requested",
  "start",
  "start",
  "close-absorbed",
  "contacts-moved",
  "complete-survivor",
  "contacts-released",
  "finish",
];

class Crash extends Error {}

/** A clean merge (b survived with both orders, its email and a's phone) or no merge at all. */
const expectClean = async (store: EventStore, a: string, b: string) => {
  const customers = createCustomers({ store });
  const [sa, sb] = [(await customers.load(a, anna)).state, (await customers.load(b, anna)).state];
  expect(sa.mergeInProgress).toBeNull();
  expect(sb.mergeInProgress).toBeNull();
  const merged = sa.status === "merged" || sb.status === "merged";
  if (merged) {
    // b survives (its email was kept) and gains a's phone, whose reservation moved with it.
    expect([sa.status, sa.mergedInto]).toEqual(["merged", b]);
    expect(sb.orders.map((o) => o.orderId).sort()).toEqual(["o-a", "o-b"]);
    expect([sb.email, sb.phone]).toEqual(["adeline@example.com", "+14155550100"]);
    expect(await customers.ownerOf("email", "adeline@example.com", anna)).toBe(b);
    expect(await customers.ownerOf("phone", "+14155550100", anna)).toBe(b);
    expect(await customers.ownerOf("email", "ada@example.com", anna)).toBeUndefined();
  } else {
    expect([sa.orders.length, sb.orders.length]).toEqual([1, 1]);
    expect(await customers.ownerOf("email", "ada@example.com", anna)).toBe(a);
    expect(await customers.ownerOf("phone", "+14155550100", anna)).toBe(a);
    expect(await customers.ownerOf("email", "adeline@example.com", anna)).toBe(b);
  }
  return merged;
};

describe("a merge interrupted at any step (crash injection at every write boundary)", () => {
  it.each(completedPath.map((boundary, i) => [i, boundary] as const))(
    "stopped after write #%i (%s): resumeMerges finishes it cleanly",
    async (index) => {
      const store = getInMemoryEventStore();
      let writes = 0;
      const crashing = createCustomers({
        store,
        afterMergeWrite: () => {
          if (writes++ === index) throw new Crash();
        },
      });
      const { a, b } = await pair(crashing);
      await expect(
        crashing.merges.merge(
          { type: "MergeCustomers", customerIds: [a, b], keep: { email: b } },
          anna,
        ),
      ).rejects.toBeInstanceOf(Crash);
      // A fresh process (no cache) resumes from what is stored.
      const resumer = createCustomers({ store });
      const { resumed } = await resumer.merges.resumeMerges(system);
      expect(resumed.map((r) => r.outcome)).toEqual(
        index === completedPath.length - 1 ? [] : ["completed"],
      );
      expect(await expectClean(store, a, b)).toBe(true);
      expect((await resumer.merges.resumeMerges(system)).resumed).toEqual([]);
    },
  );

  it("a merge whose blocker appeared while it was stopped is undone: CustomerMergeAbandoned on both", async () => {
    const store = getInMemoryEventStore();
    let writes = 0;
    const crashing = createCustomers({
      store,
      afterMergeWrite: () => {
        if (writes++ === 2) throw new Crash(); // both profiles marked "merge in progress"
      },
    });
    const { a, b } = await pair(crashing);
    const merging = crashing.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna);
    await expect(merging).rejects.toBeInstanceOf(Crash);
    const resumer = createCustomers({ store });
    expect((await resumer.load(a, anna)).state.mergeInProgress).not.toBeNull();
    // Billing opens a subscription (facts still land during a merge): the merge may no longer go ahead.
    await resumer.execute(
      { type: "StartSubscription", customerId: a, contractId: "c1" },
      systemPrincipal("billing"),
    );
    const { resumed } = await resumer.merges.resumeMerges(system);
    expect(resumed).toMatchObject([
      { outcome: "abandoned", blockers: [{ reason: "SUBSCRIPTIONS", customerId: a }] },
    ]);
    expect(await expectClean(store, a, b)).toBe(false);
    for (const id of [a, b]) {
      const types = (await store.readStream(customerStreamName(id))).map((e) => e.type);
      expect(types.slice(-2)).toContain("CustomerMergeAbandoned");
    }
  });

  it("two resumers racing on one interrupted merge finish it once", async () => {
    const store = getInMemoryEventStore();
    let writes = 0;
    const crashing = createCustomers({
      store,
      afterMergeWrite: () => {
        if (writes++ === 1) throw new Crash();
      },
    });
    const { a, b } = await pair(crashing);
    await expect(
      crashing.merges.merge(
        { type: "MergeCustomers", customerIds: [a, b], keep: { email: b } },
        anna,
      ),
    ).rejects.toBeInstanceOf(Crash);
    await Promise.all([1, 2, 3].map(() => createCustomers({ store }).merges.resumeMerges(system)));
    expect(await expectClean(store, a, b)).toBe(true);
    const survivorEvents = await store.readStream(customerStreamName(b));
    expect(survivorEvents.filter((e) => e.type === "CustomerMerged")).toHaveLength(1);
  });

  it("resumeMerges returns a checkpoint that skips finished merges next time", async () => {
    const { customers } = setup();
    const { a, b } = await pair(customers);
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna);
    const { checkpoint } = await customers.merges.resumeMerges(system);
    expect(checkpoint).toBe(0);
    const reads: string[] = [];
    const counting = createCustomers({
      store: {
        ...customers.store,
        readStream: (name, options) => {
          reads.push(name);
          return customers.store.readStream(name, options);
        },
      },
    });
    expect((await counting.merges.resumeMerges(system, { after: checkpoint })).resumed).toEqual([]);
    // Only the index was read, from after the checkpoint: no finished merge was looked at again.
    expect(reads).toEqual([mergeIndexStream]);
  });
});
