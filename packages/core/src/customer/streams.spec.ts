import { describe, expect, it } from "vitest";
import { customerEventSchemaVersion, customerEventTypes } from "./events/index.js";
import { customerStreamName, customerStreamPrefix, newCustomerId } from "./streams.js";

describe("customer streams", () => {
  it("name a stream after the customer id", () => {
    expect(customerStreamName("cus_1")).toBe("clientele-customer-cus_1");
    expect(customerStreamPrefix).toBe("clientele-customer-");
  });

  it("mint sortable cus_ ULID ids", () => {
    const [a, b] = [newCustomerId(), newCustomerId()];
    expect(a).toMatch(/^cus_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < (b as string)).toBe(true);
  });

  it("version every event type at 1", () => {
    expect(customerEventTypes).toHaveLength(38);
    expect(customerEventTypes.every((type) => customerEventSchemaVersion[type] === 1)).toBe(true);
  });
});
