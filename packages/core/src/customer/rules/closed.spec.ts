import { describe, it } from "vitest";
import type { CustomerCommandInput } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import { created, customerId } from "../spec/fixtures.js";
import { given } from "../spec/givenWhenThen.js";

const someCommands: CustomerCommandInput[] = [
  { type: "AddTags", customerId, tags: "vip" },
  { type: "SetNote", customerId, note: "x" },
  { type: "UpdateCustomer", customerId, firstName: "Eve" },
  { type: "DeleteCustomer", customerId },
  {
    type: "RecordOrder",
    customerId,
    orderId: "1",
    placedAt: "2026-01-01T00:00:00Z",
    total: "1.00",
    currency: "USD",
    lineItems: [],
  },
  { type: "CreateCustomer", customerId, source: "manual", email: "x@y.co" },
];

const closings: [string, CustomerEvent, Record<string, unknown>][] = [
  [
    "CUSTOMER_MERGED",
    { type: "CustomerMergedInto", data: { survivorId: "cus_survivor" } },
    { survivorId: "cus_survivor" },
  ],
  ["CUSTOMER_REDACTED", { type: "CustomerRedacted", data: {} }, { customerId }],
  ["CUSTOMER_DELETED", { type: "CustomerDeleted", data: {} }, { customerId }],
];

describe("closed profiles", () => {
  for (const [code, closing, details] of closings) {
    it.each(someCommands.map((c) => [c.type, c] as const))(
      `${closing.type}: %s fails with ${code}`,
      (_, command) => {
        given(created(), closing)
          .when(command)
          .thenThrows(code as "CUSTOMER_MERGED", details);
      },
    );
  }

  it("a command on a profile that does not exist fails with CUSTOMER_NOT_FOUND", () => {
    given()
      .when({ type: "AddTags", customerId, tags: "vip" })
      .thenThrows("CUSTOMER_NOT_FOUND", { customerId });
    given().when({ type: "DeleteCustomer", customerId }).thenThrows("CUSTOMER_NOT_FOUND");
    given()
      .when({ type: "StartSubscription", customerId, contractId: "c1" })
      .thenThrows("CUSTOMER_NOT_FOUND");
  });

  it("creating a profile that exists fails with CUSTOMER_EXISTS", () => {
    given(created())
      .when({ type: "CreateCustomer", customerId, source: "manual", email: "x@y.co" })
      .thenThrows("CUSTOMER_EXISTS", { customerId });
  });
});
