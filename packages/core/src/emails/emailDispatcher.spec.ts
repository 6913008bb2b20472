import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../customer/events/index.js";
import { type Customers, createCustomers } from "../customers/customerService.js";
import { staffPrincipal, systemPrincipal } from "../handling/authorize.js";
import { describeCustomerEvent } from "../timeline/describeEvent.js";
import { getInMemoryCheckpointStore } from "./checkpointStore.js";
import { createEmailDispatcher } from "./emailDispatcher.js";
import type { EmailTransport } from "./emailTransport.js";
import { getInMemoryEmailTransport } from "./inMemoryEmailTransport.js";

const anna = staffPrincipal("anna", [
  "customers:view",
  "customers:edit",
  "customers:email",
  "customers:delete",
  "customers:payment_methods",
]);
const message = {
  from: "shop@example.com",
  subject: "Your order shipped",
  body: "Parcel 42 is on its way.",
};

const setup = async (email = "ada@example.com") => {
  const customers = createCustomers();
  await customers.execute(
    { type: "CreateCustomer", customerId: "cus_ada", source: "manual", firstName: "Ada", email },
    anna,
  );
  return customers;
};

const emailsOf = async (customers: Customers) =>
  (await customers.load("cus_ada", anna)).state.emails;

describe("the email outbox", () => {
  it("delivers a queued email and records the delivery on the timeline, caused by the send", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    const transport = getInMemoryEmailTransport();
    const report = await createEmailDispatcher({ customers, transport }).dispatchPending();
    expect(report).toMatchObject({ delivered: 1, failed: 0, skipped: 0 });
    expect(transport.delivered).toEqual([
      { idempotencyKey: "e1", to: "ada@example.com", ...message },
    ]);
    expect((await emailsOf(customers))[0]?.status).toBe("delivered");
    const history = await customers.history("cus_ada", anna);
    const sent = history.find((e) => e.type === "EmailSent");
    const delivered = history.find((e) => e.type === "EmailDelivered");
    expect(delivered?.metadata).toMatchObject({
      causationId: sent?.metadata.eventId,
      correlationId: sent?.metadata.correlationId,
    });
    expect(
      describeCustomerEvent(
        { type: "EmailDelivered", data: { emailId: "e1" } },
        { kind: "system", reason: "email outbox" },
      ),
    ).toBe("Email e1 delivered by system (email outbox)");
  });

  it("resends to the customer and to the staff member", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    await customers.execute(
      { type: "ResendEmail", customerId: "cus_ada", emailId: "e1", newEmailId: "e2" },
      anna,
    );
    await customers.execute(
      {
        type: "ResendEmail",
        customerId: "cus_ada",
        emailId: "e1",
        newEmailId: "e3",
        recipient: { kind: "staff", email: "anna@shop.example" },
      },
      anna,
    );
    const transport = getInMemoryEmailTransport();
    await createEmailDispatcher({ customers, transport }).dispatchPending();
    expect(transport.delivered.map((m) => [m.idempotencyKey, m.to, m.subject])).toEqual([
      ["e1", "ada@example.com", message.subject],
      ["e2", "ada@example.com", message.subject],
      ["e3", "anna@shop.example", message.subject],
    ]);
    const timeline = (await customers.history("cus_ada", anna))
      .filter((e) => e.type === "EmailSent")
      .map((e) =>
        describeCustomerEvent({ type: e.type, data: e.data } as CustomerEvent, e.metadata.actor),
      );
    expect(timeline).toEqual([
      'Email "Your order shipped" sent to the customer by staff anna',
      'Email "Your order shipped" re-sent to the customer by staff anna',
      'Email "Your order shipped" re-sent to the staff member by staff anna',
    ]);
  });

  it("flags a send the transport refuses, with the reason on the profile", async () => {
    const customers = await setup("nobody@unknown.invalid");
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    const transport = getInMemoryEmailTransport({
      reject: (m) => (m.to.endsWith(".invalid") ? "550 no such domain" : undefined),
    });
    expect(await createEmailDispatcher({ customers, transport }).dispatchPending()).toMatchObject({
      delivered: 0,
      failed: 1,
    });
    expect((await emailsOf(customers))[0]).toMatchObject({
      status: "failed",
      failureReason: "550 no such domain",
    });
    const failed = (await customers.history("cus_ada", anna)).find(
      (e) => e.type === "EmailDeliveryFailed",
    );
    expect(
      describeCustomerEvent(
        { type: "EmailDeliveryFailed", data: failed?.data } as CustomerEvent,
        systemPrincipal("x").actor,
      ),
    ).toMatch(/could not be delivered \(flagged\)/);
  });

  it("retries a transport that throws, then gives up and flags the send", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e2", ...message },
      anna,
    );
    let calls = 0;
    const flaky: EmailTransport = {
      async send(m) {
        calls += 1;
        if (m.idempotencyKey === "e2" || calls < 3) throw new Error("connect ECONNREFUSED");
        return { status: "accepted" };
      },
    };
    const report = await createEmailDispatcher({
      customers,
      transport: flaky,
      maxAttempts: 3,
      retryDelayMs: () => 1,
    }).dispatchPending();
    expect(report).toMatchObject({ delivered: 1, failed: 1 });
    expect((await emailsOf(customers)).map((e) => [e.emailId, e.status, e.failureReason])).toEqual([
      ["e1", "delivered", null],
      ["e2", "failed", "gave up after 3 attempts: connect ECONNREFUSED"],
    ]);
  });

  it("after a crash between the transport and the record, re-sends with the same key and delivers once", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    const transport = getInMemoryEmailTransport();
    const checkpoints = getInMemoryCheckpointStore();
    // The process dies while recording the outcome: the transport has the message, the profile does not.
    const dying: Customers = {
      ...customers,
      execute: async () => {
        throw new Error("process killed");
      },
    };
    await expect(
      createEmailDispatcher({ customers: dying, transport, checkpoints }).dispatchPending(),
    ).rejects.toThrow("process killed");
    expect((await emailsOf(customers))[0]?.status).toBe("pending");
    const report = await createEmailDispatcher({
      customers,
      transport,
      checkpoints,
    }).dispatchPending();
    expect(report).toMatchObject({ delivered: 1 });
    expect(transport.attempts).toBe(2);
    expect(transport.delivered).toHaveLength(1);
    expect((await emailsOf(customers))[0]?.status).toBe("delivered");
  });

  it("never sends twice what has an outcome, even when the checkpoint is lost", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    const transport = getInMemoryEmailTransport();
    const checkpoints = getInMemoryCheckpointStore();
    await createEmailDispatcher({ customers, transport, checkpoints }).dispatchPending();
    expect(
      await createEmailDispatcher({ customers, transport, checkpoints }).dispatchPending(),
    ).toMatchObject({ delivered: 0, skipped: 0 });
    expect(await createEmailDispatcher({ customers, transport }).dispatchPending()).toMatchObject({
      delivered: 0,
      skipped: 1,
    });
    expect(transport.attempts).toBe(1);
  });

  it("does not send an email whose profile was deleted before it went out", async () => {
    const customers = await setup();
    await customers.execute(
      { type: "SendEmail", customerId: "cus_ada", emailId: "e1", ...message },
      anna,
    );
    await customers.execute({ type: "DeleteCustomer", customerId: "cus_ada" }, anna);
    const transport = getInMemoryEmailTransport();
    expect(await createEmailDispatcher({ customers, transport }).dispatchPending()).toMatchObject({
      skipped: 1,
    });
    expect(transport.attempts).toBe(0);
  });

  it("sends the payment method update link through the same outbox, and keeps sending while started", async () => {
    const customers = await setup();
    await customers.execute(
      {
        type: "StorePaymentMethod",
        customerId: "cus_ada",
        paymentMethodId: "pm1",
        brand: "visa",
        last4: "4242",
        hasSubscriptionCredential: true,
      },
      systemPrincipal("billing"),
    );
    const transport = getInMemoryEmailTransport();
    const subscription = await createEmailDispatcher({ customers, transport }).start();
    await customers.execute(
      {
        type: "SendPaymentMethodUpdateEmail",
        customerId: "cus_ada",
        paymentMethodId: "pm1",
        updateUrl: "https://pay.example.com/u/1",
        from: "shop@example.com",
        emailId: "pmu1",
      },
      anna,
    );
    const deadline = Date.now() + 10_000;
    while ((await emailsOf(customers))[0]?.status !== "delivered" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    expect(transport.delivered).toHaveLength(1);
    expect(transport.delivered[0]?.body).toContain("https://pay.example.com/u/1");
    expect((await emailsOf(customers))[0]).toMatchObject({
      paymentMethodId: "pm1",
      status: "delivered",
    });
  });
});
