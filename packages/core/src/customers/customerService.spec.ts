import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import {
  type CustomerCommandType,
  commandPermissions,
  customerStreamName,
  newCustomerId,
} from "../customer/index.js";
import { type ClienteleError, isClienteleError } from "../errors.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { eventMetadataSchema } from "../metadata.js";
import { permissions } from "../permissions.js";
import { createCustomers } from "./customerService.js";

const staff = (id: string) => staffPrincipal(id, [...permissions]);
const system = systemPrincipal("orders");

const setup = () => {
  const clock = fixedClock("2026-11-23T10:00:00.000Z");
  const customers = createCustomers({ clock, maxRetries: 100 });
  return { clock, customers, store: customers.store };
};

const create = async (
  customers: ReturnType<typeof createCustomers>,
  fields: Record<string, unknown> = {},
) => {
  const customerId = newCustomerId();
  await customers.execute(
    { type: "CreateCustomer", customerId, source: "manual", firstName: "Ann", ...fields },
    staff("anna"),
  );
  return customerId;
};

describe("createCustomers", () => {
  it("creates a profile with valid metadata, and loads and lists it for a viewer", async () => {
    const { customers } = setup();
    const customerId = await create(customers, { email: "Ann@Example.com" });
    const viewer = staffPrincipal("vic", ["customers:view"]);
    const loaded = await customers.load(customerId, viewer);
    expect(loaded.revision).toBe(0);
    expect(loaded.state.email).toBe("ann@example.com");
    const history = await customers.history(customerId, viewer);
    expect(history.map((event) => event.type)).toEqual(["CustomerCreated"]);
    eventMetadataSchema.parse(history[0]?.metadata);
    expect(await customers.ownerOf("email", "ANN@example.com", viewer)).toBe(customerId);
    await expect(customers.load(customerId, staffPrincipal("x", []))).rejects.toMatchObject({
      code: "FORBIDDEN",
      details: { permission: "customers:view" },
    });
    await expect(customers.load("cus_missing", viewer)).rejects.toMatchObject({
      code: "CUSTOMER_NOT_FOUND",
    });
  });

  it("lands all tag adds among 50 concurrent staff edits and refuses the stale name changes, naming who", async () => {
    const { customers, store } = setup();
    const customerId = await create(customers);
    const edits = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 0
        ? customers.execute(
            { type: "UpdateCustomer", customerId, firstName: `Name ${i}`, expectedRevision: 0 },
            staff(`staff-${i}`),
          )
        : customers.execute(
            { type: "AddTags", customerId, tags: [`tag-${i}`], expectedRevision: 0 },
            staff(`staff-${i}`),
          ),
    );
    const settled = await Promise.allSettled(edits);
    const tagResults = settled.filter((_, i) => i % 5 !== 0);
    const nameResults = settled.filter((_, i) => i % 5 === 0);
    expect(tagResults.filter((result) => result.status === "rejected")).toEqual([]);
    // The first name change to land wins; every later one saw revision 0 and conflicts with it.
    expect(nameResults.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of nameResults) {
      if (result.status === "fulfilled") continue;
      const error = result.reason as ClienteleError;
      expect(error.code).toBe("CONCURRENCY_CONFLICT");
      expect(error.message).toMatch(/changed by staff staff-\d+ at 2026-11-23T10:00:00.000Z/);
      expect(error.details.changedBy).toMatchObject({ kind: "staff" });
      expect(error.message).toContain(`Customer ${customerId} was changed by`);
    }
    const { state } = await customers.load(customerId, staff("anna"));
    const expectedTags = Array.from({ length: 50 }, (_, i) => i)
      .filter((i) => i % 5 !== 0)
      .map((i) => `tag-${i}`);
    expect([...state.tags].sort()).toEqual(expectedTags.sort());
    const events = await store.readStream(customerStreamName(customerId));
    expect(events.map((event) => event.revision)).toEqual(events.map((_, i) => i));
  });

  it("lets exactly one of 20 concurrent creates with one email through; the others get EMAIL_TAKEN", async () => {
    const { customers, store } = setup();
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        customers.execute(
          {
            type: "CreateCustomer",
            customerId: newCustomerId(),
            source: "manual",
            email: i % 2 ? "same@example.com" : "SAME@example.com",
          },
          staff(`staff-${i}`),
        ),
      ),
    );
    expect(settled.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = settled.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(19);
    for (const result of rejected) {
      expect(isClienteleError((result as PromiseRejectedResult).reason, "EMAIL_TAKEN")).toBe(true);
    }
    const created = (await store.readAll()).filter((event) => event.type === "CustomerCreated");
    expect(created).toHaveLength(1);
  });

  it("releases a reservation when the create fails, and the old email after a change or delete", async () => {
    const { customers } = setup();
    const first = await create(customers, { email: "a@example.com", phone: "+14155550100" });
    await expect(
      customers.execute(
        { type: "CreateCustomer", customerId: first, source: "manual", email: "new@example.com" },
        staff("anna"),
      ),
    ).rejects.toMatchObject({ code: "CUSTOMER_EXISTS" });
    const viewer = staff("vic");
    expect(await customers.ownerOf("email", "new@example.com", viewer)).toBeUndefined();
    await expect(create(customers, { phone: "+14155550100" })).rejects.toMatchObject({
      code: "PHONE_TAKEN",
      details: { field: "phone", ownerId: first },
    });

    await customers.execute(
      { type: "UpdateCustomer", customerId: first, email: "b@example.com" },
      staff("anna"),
    );
    expect(await customers.ownerOf("email", "a@example.com", viewer)).toBeUndefined();
    expect(await customers.ownerOf("email", "b@example.com", viewer)).toBe(first);
    const second = await create(customers, { email: "a@example.com" });
    expect(await customers.ownerOf("email", "a@example.com", viewer)).toBe(second);

    await customers.execute({ type: "DeleteCustomer", customerId: first }, staff("anna"));
    expect(await customers.ownerOf("email", "b@example.com", viewer)).toBeUndefined();
    expect(await customers.ownerOf("phone", "+14155550100", viewer)).toBeUndefined();
  });

  it("reclaims an email whose profile changed it without releasing it (a crash), after the grace period", async () => {
    const { customers, store, clock } = setup();
    const first = await create(customers, { email: "crash@example.com" });
    // The change lands but the process dies before releasing the old email.
    await store.appendToStream(customerStreamName(first), [
      {
        type: "CustomerUpdated",
        data: { email: "moved@example.com" },
        metadata: {
          eventId: "01KAQ5Z7N4B8XJ3V2M6T9R0CDE",
          actor: { kind: "staff", staffId: "anna" },
          correlationId: "c",
          causationId: "c",
          schemaVersion: 1,
          occurredAt: clock.now().toISOString(),
        },
      },
    ]);
    await expect(create(customers, { email: "crash@example.com" })).rejects.toMatchObject({
      code: "EMAIL_TAKEN",
    });
    clock.advance(5 * 60_000 + 1);
    const second = await create(customers, { email: "crash@example.com" });
    expect(await customers.ownerOf("email", "crash@example.com", staff("vic"))).toBe(second);
  });

  it("attaches an order for a known email to that profile, and creates one for an unknown email", async () => {
    const { customers } = setup();
    const known = await create(customers, { email: "known@example.com" });
    const order = {
      type: "RecordOrder",
      orderId: "1001",
      placedAt: "2026-11-23T09:00:00.000Z",
      total: "10.00",
      currency: "USD",
      lineItems: [{ productId: "42", quantity: 1 }],
    };
    const attached = await customers.execute({ ...order, email: "KNOWN@example.com" }, system);
    expect(attached.events[0]?.streamName).toBe(customerStreamName(known));
    expect(attached.state.orders).toHaveLength(1);

    const fresh = await customers.execute(
      { ...order, orderId: "1002", email: "new@example.com" },
      system,
    );
    const owner = await customers.ownerOf("email", "new@example.com", staff("vic"));
    expect(owner).toBeDefined();
    expect(fresh.events[0]?.streamName).toBe(customerStreamName(owner as string));
    const history = await customers.history(owner as string, staff("vic"));
    expect(history.map((event) => event.type)).toEqual(["CustomerCreated", "OrderRecorded"]);
    expect(fresh.events).toEqual(history);
    expect(history[0]?.data.source).toBe("order");
    expect(history[0]?.metadata.correlationId).toBe(history[1]?.metadata.correlationId);

    const checkout = await customers.execute(
      {
        type: "RecordAbandonedCheckout",
        checkoutId: "c1",
        abandonedAt: "2026-11-23T09:30:00.000Z",
        phone: "+14155550199",
      },
      system,
    );
    expect(checkout.state.source).toBe("checkout");
  });

  it("gathers 10 concurrent orders for one new email on one profile", async () => {
    const { customers, store } = setup();
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        customers.execute(
          {
            type: "RecordOrder",
            orderId: `o-${i}`,
            placedAt: "2026-11-23T09:00:00.000Z",
            total: "5.00",
            currency: "EUR",
            lineItems: [],
            email: "rush@example.com",
          },
          system,
        ),
      ),
    );
    expect(settled.filter((result) => result.status === "rejected")).toEqual([]);
    const created = (await store.readAll()).filter((event) => event.type === "CustomerCreated");
    expect(created).toHaveLength(1);
    const owner = await customers.ownerOf("email", "rush@example.com", staff("vic"));
    expect(created[0]?.streamName).toBe(customerStreamName(owner as string));
    const { state } = await customers.load(owner as string, staff("vic"));
    expect(state.orders.map((order) => order.orderId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `o-${i}`).sort(),
    );
  });

  it("refuses every command to someone without its permission and writes nothing", async () => {
    const { customers, store } = setup();
    const customerId = await create(customers, { email: "m@example.com" });
    const samples: Record<CustomerCommandType, Record<string, unknown>> = {
      CreateCustomer: { source: "manual", email: "other@example.com" },
      UpdateCustomer: { firstName: "Bea" },
      AddTags: { tags: "vip" },
      RemoveTags: { tags: ["vip"] },
      ReplaceTags: { tags: [] },
      SetNote: { note: "hi" },
      AddAddress: { address: { address1: "1 Main St", city: "Town", countryCode: "US" } },
      UpdateAddress: { addressId: "a1", address: { city: "Elsewhere" } },
      RemoveAddress: { addressId: "a1" },
      SetDefaultAddress: { addressId: "a1" },
      UpdateEmailMarketingConsent: { state: "SUBSCRIBED" },
      UpdateSmsMarketingConsent: { state: "SUBSCRIBED" },
      ChangeAccountState: { accountState: "INVITED" },
      DeleteCustomer: {},
      RecordOrder: {
        orderId: "1",
        placedAt: "2026-11-23T09:00:00.000Z",
        total: "1.00",
        currency: "USD",
        lineItems: [],
      },
      RecordAbandonedCheckout: { checkoutId: "c", abandonedAt: "2026-11-23T09:00:00.000Z" },
      StartSubscription: { contractId: "s" },
      EndSubscription: { contractId: "s" },
      StorePaymentMethod: {
        paymentMethodId: "p",
        brand: "visa",
        last4: "4242",
        hasSubscriptionCredential: false,
      },
      ScheduleGiftCard: { giftCardId: "g" },
      DeliverGiftCard: { giftCardId: "g" },
      OpenStoreCreditAccount: { storeCreditAccountId: "sc" },
      LinkCompanyContact: { companyId: "co" },
      SetMultipassIdentifier: { multipassIdentifier: "mp" },
      SendEmail: { from: "shop@example.com", subject: "Hi", body: "Hello" },
      ResendEmail: { emailId: "e1" },
      RecordEmailDelivered: { emailId: "e1" },
      RecordEmailDeliveryFailed: { emailId: "e1", reason: "mailbox full" },
      SendPaymentMethodUpdateEmail: {
        paymentMethodId: "p",
        updateUrl: "https://pay.example.com/update",
        from: "shop@example.com",
      },
      ReplacePaymentMethod: {
        paymentMethodId: "p",
        replacement: {
          paymentMethodId: "p2",
          brand: "visa",
          last4: "1111",
          hasSubscriptionCredential: true,
        },
      },
      RemovePaymentMethod: { paymentMethodId: "p" },
      RequestDataErasure: {},
      CancelDataErasure: {},
      RedactCustomer: {},
      StartDataRequest: {},
      CompleteDataRequest: { requestId: "r1" },
    };
    const before = await store.readAll();
    for (const [type, fields] of Object.entries(samples) as [
      CustomerCommandType,
      Record<string, unknown>,
    ][]) {
      const needed = commandPermissions[type];
      const principal =
        needed === "system"
          ? staffPrincipal("almighty", [...permissions])
          : staffPrincipal(
              "limited",
              permissions.filter((p) => p !== needed),
            );
      await expect(
        customers.execute({ type, customerId, ...fields }, principal),
        type,
      ).rejects.toMatchObject({
        code: "FORBIDDEN",
        details: { permission: needed, command: type },
      });
    }
    await expect(
      customers.execute(
        { type: "RecordOrder", ...samples.RecordOrder, email: "m@example.com" },
        staff("anna"),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN", details: { permission: "system" } });
    expect(await store.readAll()).toEqual(before);
  });
});
