import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { customerStreamName, newCustomerId } from "../customer/index.js";
import { createCustomers } from "../customers/customerService.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { permissions } from "../permissions.js";
import { getInMemoryKeyStore } from "../privacy/inMemoryKeyStore.js";
import type { PersonalDataErased } from "./processor.js";
import { erasureDayPrefix } from "./schedule.js";

const anna = staffPrincipal("anna", [...permissions]);
const marc = staffPrincipal("marc", [...permissions]);
const day = 86_400_000;

const setup = (erasurePeriods?: {
  withoutRecentOrderDays: number;
  afterLastOrderMonths: number;
}) => {
  const clock = fixedClock("2026-03-01T10:00:00.000Z");
  const store = getInMemoryEventStore();
  const erased: PersonalDataErased[] = [];
  const options = {
    store,
    clock,
    onPersonalDataErased: async (event: PersonalDataErased) => {
      erased.push(event);
    },
    ...(erasurePeriods ? { erasurePeriods } : {}),
  };
  const customers = createCustomers(options);
  let phones = 0;
  const create = async (email: string) => {
    const customerId = newCustomerId();
    const phone = `+1415555${String(1000 + phones++)}`;
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", email, phone },
      anna,
    );
    return customerId;
  };
  return { clock, store, customers, create, erased, options };
};

describe("erasure processing", () => {
  it("redacts a profile once its request is due, releases its email and tells crypto-shredding", async () => {
    const { clock, customers, create, erased } = setup();
    const id = await create("gone@example.com");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    const { state } = await customers.load(id, anna);
    expect(state.redactionPending?.dueAt).toBe("2026-03-11T10:00:00.000Z");

    clock.advance(9 * day);
    expect((await customers.processDueErasures()).redacted).toEqual([]);
    clock.advance(1 * day);
    const run = await customers.processDueErasures();
    expect(run.redacted).toEqual([id]);
    const after = (await customers.load(id, anna)).state;
    expect(after).toMatchObject({ status: "redacted", email: null, phone: null });
    expect(erased).toEqual([{ customerId: id, subjectIds: [id], reason: "redacted" }]);
    expect(await customers.ownerOf("email", "gone@example.com", anna)).toBeUndefined();
    // The email can be used by a new profile.
    await create("gone@example.com");
  });

  it("waits six months after a recent order, and uses the store's configured periods", async () => {
    const { clock, customers, create } = setup({
      withoutRecentOrderDays: 3,
      afterLastOrderMonths: 2,
    });
    const id = await create("buyer@example.com");
    await customers.execute(
      {
        type: "RecordOrder",
        customerId: id,
        orderId: "o1",
        placedAt: "2026-02-15T00:00:00.000Z",
        total: "9.00",
        currency: "EUR",
        lineItems: [],
      },
      systemPrincipal("orders"),
    );
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    expect((await customers.load(id, anna)).state.redactionPending?.dueAt).toBe(
      "2026-04-15T00:00:00.000Z",
    );
    clock.set("2026-04-14T23:59:59.000Z");
    expect((await customers.processDueErasures()).redacted).toEqual([]);
    clock.set("2026-04-15T00:00:00.000Z");
    expect((await customers.processDueErasures()).redacted).toEqual([id]);
  });

  it("a cancelled request is never carried out; only its requester may cancel it", async () => {
    const { clock, customers, create } = setup();
    const id = await create("stay@example.com");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    await expect(
      customers.execute({ type: "CancelDataErasure", customerId: id }, marc),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED_CANCELLATION",
    });
    await customers.execute({ type: "CancelDataErasure", customerId: id }, anna);
    clock.advance(30 * day);
    const run = await customers.processDueErasures();
    expect(run.redacted).toEqual([]);
    expect(run.settled.cancelled).toBe(1);
    expect((await customers.load(id, anna)).state.status).toBe("active");
  });

  it("a request cancelled and asked again later is carried out at the new due date", async () => {
    const { clock, customers, create } = setup();
    const id = await create("again@example.com");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    await customers.execute({ type: "CancelDataErasure", customerId: id }, anna);
    clock.advance(5 * day);
    await customers.execute({ type: "RequestDataErasure", customerId: id }, marc);
    clock.advance(5 * day); // the first request's day: nothing due yet
    expect((await customers.processDueErasures()).redacted).toEqual([]);
    clock.advance(5 * day);
    expect((await customers.processDueErasures()).redacted).toEqual([id]);
  });

  it("runs twice or concurrently without redacting anyone twice", async () => {
    const { clock, store, customers, create, erased, options } = setup();
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => create(`p${i}@example.com`)),
    );
    for (const id of ids)
      await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    clock.advance(11 * day);
    const runs = await Promise.all(
      [1, 2, 3].map(() => createCustomers(options).processDueErasures()),
    );
    expect(new Set(runs.flatMap((run) => run.redacted))).toEqual(new Set(ids));
    for (const id of ids) {
      const events = await store.readStream(customerStreamName(id));
      expect(events.filter((e) => e.type === "CustomerRedacted")).toHaveLength(1);
    }
    expect(new Set(erased.map((e) => e.customerId))).toEqual(new Set(ids));
    const again = await customers.processDueErasures();
    expect(again.redacted).toEqual([]);
  });

  it("reads only the due-date index, and only the days since the last closed one", async () => {
    const { clock, store, customers, create } = setup();
    const id = await create("index@example.com");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    clock.advance(20 * day);
    await customers.processDueErasures();
    const reads: string[] = [];
    const counting = {
      ...store,
      readStream: (name: string, o?: Parameters<typeof store.readStream>[1]) => {
        reads.push(name);
        return store.readStream(name, o);
      },
      readAll: () => {
        throw new Error("the processor must not scan the store");
      },
    };
    clock.advance(1 * day);
    await createCustomers({ store: counting, clock }).processDueErasures();
    expect(
      reads.every(
        (name) => name.startsWith(erasureDayPrefix) || name === "clientele-erasure-origin",
      ),
    ).toBe(true);
    // The origin, yesterday (open: it was "today" last run), the day before (closed: the walk
    // stops), yesterday again to process and close it, and today. Nothing older, no profile.
    expect(reads).toHaveLength(6);
  });

  it("deleting after redaction works and tells crypto-shredding again (the hook is idempotent)", async () => {
    const { clock, customers, create, erased } = setup();
    const id = await create("bye@example.com");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, anna);
    await expect(
      customers.execute({ type: "DeleteCustomer", customerId: id }, anna),
    ).rejects.toMatchObject({
      code: "DELETE_BLOCKED",
      details: { reasons: ["PENDING_REDACTION"] },
    });
    clock.advance(10 * day);
    await customers.processDueErasures();
    await customers.execute({ type: "DeleteCustomer", customerId: id }, anna);
    expect((await customers.load(id, anna)).state.status).toBe("deleted");
    expect(erased.map((e) => e.reason)).toEqual(["redacted", "deleted"]);
  });

  it("the system may request an erasure on a customers/redact webhook", async () => {
    const { customers, create } = setup();
    const id = await create("hook@example.com");
    const webhook = systemPrincipal("customers/redact webhook");
    await customers.execute({ type: "RequestDataErasure", customerId: id }, webhook);
    const { state } = await customers.load(id, anna);
    expect(state.redactionPending?.requestedBy).toEqual(webhook.actor);
    await expect(
      customers.execute({ type: "CancelDataErasure", customerId: id }, anna),
    ).rejects.toMatchObject({
      code: "UNAUTHORIZED_CANCELLATION",
    });
  });

  it("redacting a survivor names the absorbed profiles too, so their keys are destroyed", async () => {
    const { clock, customers, create, erased } = setup();
    const a = await create("a@example.com");
    const b = await create("b@example.com");
    await customers.merges.merge({ type: "MergeCustomers", customerIds: [a, b] }, anna);
    await customers.execute({ type: "RequestDataErasure", customerId: b }, anna);
    clock.advance(10 * day);
    await customers.processDueErasures();
    expect(erased).toEqual([{ customerId: b, subjectIds: [b, a], reason: "redacted" }]);
  });

  it("with shredding on, redacting a survivor makes the absorbed profile's data unrecoverable too", async () => {
    const inner = getInMemoryEventStore();
    const keyStore = getInMemoryKeyStore();
    const clock = fixedClock("2026-03-01T10:00:00.000Z");
    const customers = createCustomers({
      store: inner,
      keyStore,
      uniquenessSecret: "a secret of sixteen bytes or more",
      clock,
    });
    const a = newCustomerId();
    const b = newCustomerId();
    await customers.execute(
      { type: "CreateCustomer", customerId: a, source: "manual", email: "ada@example.com" },
      anna,
    );
    await customers.execute(
      {
        type: "CreateCustomer",
        customerId: b,
        source: "manual",
        email: "adeline@example.com",
        firstName: "Adeline",
        note: "Calls on Mondays",
      },
      anna,
    );
    const { survivorId: survivor, absorbedId: absorbed } = await customers.merges.merge(
      { type: "MergeCustomers", customerIds: [a, b] },
      anna,
    );
    await customers.execute({ type: "RequestDataErasure", customerId: survivor }, anna);
    clock.advance(10 * day);
    expect((await customers.processDueErasures()).redacted).toEqual([survivor]);

    expect(await keyStore.get(survivor)).toEqual({ status: "destroyed" });
    expect(await keyStore.get(absorbed)).toEqual({ status: "destroyed" });
    // The absorbed profile's own stream, read through Clientele, shows placeholders only.
    const history = await customers.history(survivor, anna);
    const absorbedCreated = history.find(
      (e) => e.streamName === customerStreamName(absorbed) && e.type === "CustomerCreated",
    );
    expect(absorbedCreated?.data).toMatchObject({ email: "[redacted]" });
    const everything = JSON.stringify(history.map((e) => e.data));
    for (const secret of ["adeline@example.com", "Adeline", "Calls on Mondays", "ada@example.com"])
      expect(everything).not.toContain(secret);
  });
});
