import { describe, expect, it } from "vitest";
import { parseOrThrow } from "../../validation.js";
import { commandPermissions, customerCommandSchema } from "./index.js";

const parse = (input: unknown) => parseOrThrow(customerCommandSchema, input, "command");

describe("command schemas", () => {
  it("normalise email to lower case, trimmed", () => {
    expect(
      parse({ type: "UpdateCustomer", customerId: "c", email: "  Ada@Example.COM " }),
    ).toMatchObject({
      email: "ada@example.com",
    });
  });

  it("accept E.164 phones only", () => {
    expect(parse({ type: "UpdateCustomer", customerId: "c", phone: "+14155550123" })).toMatchObject(
      {
        phone: "+14155550123",
      },
    );
    for (const phone of ["4155550123", "+0123456789", "+1 415 555 0123", "+1234567890123456"]) {
      expect(() => parse({ type: "UpdateCustomer", customerId: "c", phone })).toThrow(/phone/);
    }
  });

  it("read tags as a list or a comma-separated string", () => {
    expect(parse({ type: "AddTags", customerId: "c", tags: " a ,b,, c " })).toMatchObject({
      tags: ["a", "b", "c"],
    });
    expect(parse({ type: "AddTags", customerId: "c", tags: ["a", " ", "b"] })).toMatchObject({
      tags: ["a", "b"],
    });
  });

  it("take expectedRevision from -1 up", () => {
    expect(parse({ type: "DeleteCustomer", customerId: "c", expectedRevision: -1 })).toMatchObject({
      expectedRevision: -1,
    });
    expect(() =>
      parse({ type: "DeleteCustomer", customerId: "c", expectedRevision: -2 }),
    ).toThrow();
  });

  it("reject unknown fields, so a typo is not silently dropped", () => {
    expect(() => parse({ type: "UpdateCustomer", customerId: "c", fristName: "Ada" })).toThrow(
      /fristName/,
    );
  });

  it("check amounts and product ids of recorded orders", () => {
    const order = {
      type: "RecordOrder",
      customerId: "c",
      orderId: "1",
      placedAt: "2026-01-01T00:00:00Z",
      total: "10.99",
      currency: "USD",
      lineItems: [{ productId: "42", quantity: 2 }],
    };
    expect(parse(order)).toMatchObject({ total: "10.99" });
    expect(() => parse({ ...order, total: "10,99" })).toThrow(/total/);
    expect(() => parse({ ...order, lineItems: [{ productId: "abc", quantity: 1 }] })).toThrow(
      /lineItems\.0\.productId/,
    );
  });
});

describe("commandPermissions", () => {
  it("follows customers.md: edits need customers:edit, delete customers:delete, facts a system actor", () => {
    expect(commandPermissions.AddTags).toBe("customers:edit");
    expect(commandPermissions.UpdateSmsMarketingConsent).toBe("customers:edit");
    expect(commandPermissions.DeleteCustomer).toBe("customers:delete");
    for (const fact of [
      "RecordOrder",
      "RecordAbandonedCheckout",
      "StartSubscription",
      "EndSubscription",
      "StorePaymentMethod",
      "ScheduleGiftCard",
      "DeliverGiftCard",
      "OpenStoreCreditAccount",
      "LinkCompanyContact",
      "SetMultipassIdentifier",
    ] as const) {
      expect(commandPermissions[fact]).toBe("system");
    }
  });

  it("names a permission for every command type", () => {
    const types = customerCommandSchema.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(commandPermissions).sort()).toEqual(types);
  });
});
