import { describe, expect, it } from "vitest";
import type { CustomerEvent } from "../events/index.js";
import { created, customerId, order, redactionRequested } from "../spec/fixtures.js";
import { given, specActor, specNow } from "../spec/givenWhenThen.js";
import { addMonths, erasureDueAt } from "./erasure.js";

const request = { type: "RequestDataErasure", customerId } as const;
const cancel = { type: "CancelDataErasure", customerId } as const;
const redact = { type: "RedactCustomer", customerId } as const;
const orderOn = (orderId: string, placedAt: string): CustomerEvent => ({
  type: "OrderRecorded",
  data: { orderId, placedAt, total: "5.00", currency: "EUR", lineItems: [] },
});
const requested = (dueAt: string): CustomerEvent => ({
  type: "RedactionRequested",
  data: { requestedBy: specActor, requestedAt: specNow.toISOString(), dueAt },
});

describe("erasure requests", () => {
  it("without an order in the past six months, the erasure is due 10 days after the request", () => {
    const old = orderOn("o1", "2025-06-01T00:00:00.000Z"); // more than six months before specNow
    given(created(), old)
      .when(request)
      .then([requested("2026-01-25T10:00:00.000Z")]);
  });

  it("with a recent order, it is due six months after the last order", () => {
    given(
      created(),
      orderOn("o1", "2025-12-01T08:00:00.000Z"),
      orderOn("o2", "2025-11-02T00:00:00.000Z"),
    )
      .when(request)
      .then([requested("2026-06-01T08:00:00.000Z")]);
  });

  it("uses the store's configured periods", () => {
    const erasurePeriods = { withoutRecentOrderDays: 30, afterLastOrderMonths: 1 };
    given(created())
      .when(request, { erasurePeriods })
      .then([requested("2026-02-14T10:00:00.000Z")]);
    // An order 20 days ago with a one-month period: due 10 days from now, but 30 days wins.
    given(created(), orderOn("o1", "2025-12-26T10:00:00.000Z"))
      .when(request, { erasurePeriods })
      .then([requested("2026-02-14T10:00:00.000Z")]);
  });

  it("the system may request it (customers/redact webhook) and is recorded as the requester", () => {
    const webhook = { kind: "system", reason: "customers/redact webhook" } as const;
    const state = given(created())
      .when(request, { actor: webhook })
      .then([
        {
          type: "RedactionRequested",
          data: {
            requestedBy: webhook,
            requestedAt: specNow.toISOString(),
            dueAt: "2026-01-25T10:00:00.000Z",
          },
        },
      ]);
    expect(state.redactionPending?.requestedBy).toEqual(webhook);
  });

  it("asking again while one is pending changes nothing", () => {
    given(created(), redactionRequested).when(request).then([]);
  });

  it("only the requester may cancel (UNAUTHORIZED_CANCELLATION); the requester can", () => {
    given(created(), redactionRequested)
      .when(cancel, { actor: { kind: "staff", staffId: "marc" } })
      .thenThrows("UNAUTHORIZED_CANCELLATION", { requestedBy: { kind: "staff", staffId: "anna" } });
    const state = given(created(), redactionRequested)
      .when(cancel)
      .then([{ type: "RedactionCancelled", data: { cancelledBy: specActor } }]);
    expect(state.redactionPending).toBeNull();
  });

  it("cancelling when nothing is pending fails with REDACTION_NOT_REQUESTED", () => {
    given(created()).when(cancel).thenThrows("REDACTION_NOT_REQUESTED", { customerId });
    given(created(), redactionRequested, {
      type: "RedactionCancelled",
      data: { cancelledBy: specActor },
    })
      .when(cancel)
      .thenThrows("REDACTION_NOT_REQUESTED");
  });

  it("a pending erasure blocks deletion", () => {
    given(created(), redactionRequested)
      .when({ type: "DeleteCustomer", customerId })
      .thenThrows("DELETE_BLOCKED", { reasons: ["PENDING_REDACTION"] });
  });

  it("redaction happens only once due, erases the personal data and keeps the orders", () => {
    const pending = requested("2026-01-20T00:00:00.000Z");
    given(created(), order(), pending).when(redact).thenThrows("REDACTION_NOT_DUE", {
      dueAt: "2026-01-20T00:00:00.000Z",
    });
    const state = given(created({ note: "private" }), order(), pending)
      .when(redact, { now: new Date("2026-01-20T00:00:00.000Z") })
      .then([{ type: "CustomerRedacted", data: {} }]);
    expect(state).toMatchObject({ status: "redacted", email: null, firstName: null, note: "" });
    expect(state.emailConsent.state).toBe("REDACTED");
    expect(state.orders).toHaveLength(1);
    given(created()).when(redact).thenThrows("REDACTION_NOT_REQUESTED");
  });

  it("after redaction, deleting what is left works when nothing else blocks it", () => {
    given(created(), redactionRequested, { type: "CustomerRedacted", data: {} })
      .when({ type: "DeleteCustomer", customerId })
      .then([{ type: "CustomerDeleted", data: {} }]);
    given(created(), order(), redactionRequested, { type: "CustomerRedacted", data: {} })
      .when({ type: "DeleteCustomer", customerId })
      .thenThrows("DELETE_BLOCKED", { reasons: ["HAS_ORDERS"] });
  });
});

describe("erasure due dates", () => {
  it("adds calendar months, clamping to the end of a shorter month", () => {
    expect(addMonths(new Date("2025-08-31T12:00:00Z"), 6).toISOString()).toBe(
      "2026-02-28T12:00:00.000Z",
    );
    expect(addMonths(new Date("2026-01-15T00:00:00Z"), 6).toISOString()).toBe(
      "2026-07-15T00:00:00.000Z",
    );
  });

  it("never moves earlier when an order arrives or time passes", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    const before = erasureDueAt([{ placedAt: "2025-10-01T00:00:00Z" }], now);
    const later = erasureDueAt(
      [{ placedAt: "2025-10-01T00:00:00Z" }, { placedAt: "2026-02-01T00:00:00Z" }],
      now,
    );
    expect(later.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });
});
