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
    { type: "CustomerMergedInto", data: { survivorId: "cus_survivor", mergeId: "m1" } },
    { survivorId: "cus_survivor" },
  ],
  ["CUSTOMER_REDACTED", { type: "CustomerRedacted", data: {} }, { customerId }],
  ["CUSTOMER_DELETED", { type: "CustomerDeleted", data: {} }, { customerId }],
];

describe("closed profiles", () => {
  for (const [code, closing, details] of closings) {
    const refused =
      code === "CUSTOMER_REDACTED"
        ? someCommands.filter((c) => c.type !== "DeleteCustomer")
        : someCommands;
    it.each(refused.map((c) => [c.type, c] as const))(
      `${closing.type}: %s fails with ${code}`,
      (_, command) => {
        given(created(), closing)
          .when(command)
          .thenThrows(code as "CUSTOMER_MERGED", details);
      },
    );
  }

  it("a redacted profile may still be deleted; a deleted one may not", () => {
    const redacted: CustomerEvent = { type: "CustomerRedacted", data: {} };
    given(created(), redacted)
      .when({ type: "DeleteCustomer", customerId })
      .then([{ type: "CustomerDeleted", data: {} }]);
    given(created(), redacted, { type: "CustomerDeleted", data: {} })
      .when({ type: "DeleteCustomer", customerId })
      .thenThrows("CUSTOMER_DELETED");
  });

  it("a profile in a merge refuses staff edits with MERGE_IN_PROGRESS but still records facts", () => {
    const started: CustomerEvent = {
      type: "CustomerMergeStarted",
      data: { mergeId: "m1", survivorId: customerId, absorbedId: "cus_other" },
    };
    for (const command of someCommands.filter(
      (c) => c.type !== "RecordOrder" && c.type !== "CreateCustomer",
    )) {
      given(created(), started)
        .when(command)
        .thenThrows("MERGE_IN_PROGRESS", { mergeId: "m1", absorbedId: "cus_other" });
    }
    given(created(), started)
      .when(someCommands.find((c) => c.type === "RecordOrder") as CustomerCommandInput)
      .then([
        {
          type: "OrderRecorded",
          data: {
            orderId: "1",
            placedAt: "2026-01-01T00:00:00Z",
            total: "1.00",
            currency: "USD",
            lineItems: [],
          },
        },
      ]);
    given(created(), started, { type: "CustomerMergeAbandoned", data: { mergeId: "m1" } })
      .when({ type: "AddTags", customerId, tags: "vip" })
      .then([{ type: "CustomerTagged", data: { tags: ["vip"] } }]);
  });

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
