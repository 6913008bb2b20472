import { describe, expect, it } from "vitest";
import { addMonths, localDay, resolveDay, zonedInstant } from "./dates.js";
import { parseSegmentQuery } from "./parser.js";
import type { SegmentProfile } from "./profile.js";
import { evaluate } from "./referenceEvaluator.js";

const at = (now: string, timeZone: string) => ({ timeZone, now: new Date(now) });

const orderedAt = (lastOrderAt: string): SegmentProfile => ({
  id: "x",
  tags: [],
  amountSpent: 1,
  numberOfOrders: 1,
  customerAddedAt: "2020-01-01T00:00:00Z",
  lastOrderAt,
  emailSubscriptionStatus: "SUBSCRIBED",
  smsSubscriptionStatus: "NOT_SUBSCRIBED",
  accountStatus: "ENABLED",
  countries: [],
  regions: [],
  cities: [],
  purchases: [{ productId: "1", at: lastOrderAt }],
});

const matches = (query: string, lastOrderAt: string, context: { timeZone: string; now: Date }) =>
  evaluate(parseSegmentQuery(query), orderedAt(lastOrderAt), context);

describe("named dates and offsets resolve to local days", () => {
  it("today is the store's day, not UTC's", () => {
    // 00:30 on 16 June in Paris, still 15 June in UTC
    const paris = at("2024-06-15T22:30:00Z", "Europe/Paris");
    expect(resolveDay({ type: "named", name: "today" }, paris)).toBe("2024-06-16");
    expect(resolveDay({ type: "named", name: "yesterday" }, paris)).toBe("2024-06-15");
    expect(resolveDay({ type: "named", name: "today" }, at("2024-06-15T22:30:00Z", "UTC"))).toBe(
      "2024-06-15",
    );
  });

  it("d and w count days; m and y are calendar months and years, clamped to the month's end", () => {
    const paris = at("2024-03-31T10:00:00Z", "Europe/Paris");
    expect(resolveDay({ type: "offset", amount: -1, unit: "m" }, paris)).toBe("2024-02-29");
    expect(resolveDay({ type: "offset", amount: -7, unit: "d" }, paris)).toBe("2024-03-24");
    expect(resolveDay({ type: "offset", amount: -2, unit: "w" }, paris)).toBe("2024-03-17");
    expect(resolveDay({ type: "offset", amount: 30, unit: "d" }, paris)).toBe("2024-04-30");
    expect(resolveDay({ type: "offset", amount: -1, unit: "y" }, paris)).toBe("2023-03-31");
    expect(addMonths("2024-02-29", -12)).toBe("2023-02-28");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2024-12-15", 1)).toBe("2025-01-15");
  });

  it("the deprecated forms mean their offsets", () => {
    const context = at("2024-03-31T10:00:00Z", "America/Toronto");
    expect(resolveDay({ type: "named", name: "7_days_ago" }, context)).toBe("2024-03-24");
    expect(resolveDay({ type: "named", name: "30_days_ago" }, context)).toBe("2024-03-01");
    expect(resolveDay({ type: "named", name: "90_days_ago" }, context)).toBe("2024-01-01");
    expect(resolveDay({ type: "named", name: "12_months_ago" }, context)).toBe("2023-03-31");
  });

  it("-1w across the spring DST change is still seven calendar days", () => {
    // 2024-03-10 Toronto moves from EST to EDT; 14 March noon local is 16:00Z.
    const toronto = at("2024-03-14T16:00:00Z", "America/Toronto");
    expect(resolveDay({ type: "offset", amount: -1, unit: "w" }, toronto)).toBe("2024-03-07");
  });
});

describe("instants and local days across DST (America/Toronto)", () => {
  const tz = "America/Toronto";

  it("a local date-time names one instant; the repeated hour takes the earlier, the skipped one shifts forward", () => {
    expect(zonedInstant("2024-03-10T01:30:00", tz).toISOString()).toBe("2024-03-10T06:30:00.000Z");
    expect(zonedInstant("2024-03-10T03:30:00", tz).toISOString()).toBe("2024-03-10T07:30:00.000Z");
    expect(zonedInstant("2024-03-10T02:30:00", tz).toISOString()).toBe("2024-03-10T07:30:00.000Z");
    expect(zonedInstant("2024-11-03T01:30:00", tz).toISOString()).toBe("2024-11-03T05:30:00.000Z");
    expect(zonedInstant("2024-11-03T03:00:00", tz).toISOString()).toBe("2024-11-03T08:00:00.000Z");
    expect(zonedInstant("2024-07-01T00:00:00", "Europe/Paris").toISOString()).toBe(
      "2024-06-30T22:00:00.000Z",
    );
  });

  it("localDay follows the offset in force at the instant", () => {
    expect(localDay(new Date("2024-03-10T04:59:59Z"), tz)).toBe("2024-03-09");
    expect(localDay(new Date("2024-03-10T05:00:00Z"), tz)).toBe("2024-03-10");
    expect(localDay(new Date("2024-03-11T03:59:59Z"), tz)).toBe("2024-03-10");
    expect(localDay(new Date("2024-03-11T04:00:00Z"), tz)).toBe("2024-03-11");
  });

  it("= on a date means that local day, even the 23-hour one", () => {
    const context = at("2024-06-01T12:00:00Z", tz);
    const query = "last_order_date = 2024-03-10";
    expect(matches(query, "2024-03-10T04:59:59Z", context)).toBe(false);
    expect(matches(query, "2024-03-10T05:00:00Z", context)).toBe(true);
    expect(matches(query, "2024-03-11T03:59:59Z", context)).toBe(true);
    expect(matches(query, "2024-03-11T04:00:00Z", context)).toBe(false);
    expect(matches("last_order_date != 2024-03-10", "2024-03-11T04:00:00Z", context)).toBe(true);
  });

  it("= today and = yesterday follow the store's clock", () => {
    const context = at("2024-11-03T12:00:00Z", tz);
    expect(matches("last_order_date = today", "2024-11-03T04:30:00Z", context)).toBe(true);
    expect(matches("last_order_date = yesterday", "2024-11-03T03:30:00Z", context)).toBe(true);
    expect(matches("last_order_date = yesterday", "2024-11-03T04:30:00Z", context)).toBe(false);
  });
});

describe("comparisons in Europe/Paris", () => {
  const context = at("2024-07-15T10:00:00Z", "Europe/Paris");

  it("BETWEEN includes both whole days", () => {
    const query = "last_order_date BETWEEN 2024-06-01 AND 2024-06-30";
    expect(matches(query, "2024-05-31T21:59:59Z", context)).toBe(false);
    expect(matches(query, "2024-05-31T22:00:00Z", context)).toBe(true);
    expect(matches(query, "2024-06-30T21:59:59Z", context)).toBe(true);
    expect(matches(query, "2024-06-30T22:00:00Z", context)).toBe(false);
  });

  it("a date-time compares the exact instant in the store's zone", () => {
    const query = "last_order_date >= 2024-07-01T00:00:00";
    expect(matches(query, "2024-06-30T21:59:59Z", context)).toBe(false);
    expect(matches(query, "2024-06-30T22:00:00Z", context)).toBe(true);
    expect(matches("last_order_date = 2024-07-01T00:00:00", "2024-06-30T22:00:00Z", context)).toBe(
      true,
    );
    expect(matches("last_order_date = 2024-07-01T00:00:00", "2024-06-30T22:00:01Z", context)).toBe(
      false,
    );
  });

  it("> a day means after the whole day; < means before it", () => {
    expect(matches("last_order_date > 2024-06-30", "2024-06-30T21:59:59Z", context)).toBe(false);
    expect(matches("last_order_date > 2024-06-30", "2024-06-30T22:00:00Z", context)).toBe(true);
    expect(matches("last_order_date < 2024-06-30", "2024-06-29T21:59:59Z", context)).toBe(true);
    expect(matches("last_order_date < 2024-06-30", "2024-06-29T22:00:00Z", context)).toBe(false);
  });

  it("-1m from March 31 reaches back to the last day of February", () => {
    const march31 = at("2024-03-31T10:00:00Z", "Europe/Paris");
    expect(matches("last_order_date >= -1m", "2024-02-28T22:59:59Z", march31)).toBe(false);
    expect(matches("last_order_date >= -1m", "2024-02-28T23:00:00Z", march31)).toBe(true);
    expect(
      matches("products_purchased MATCHES (date = -1m)", "2024-02-29T12:00:00Z", march31),
    ).toBe(true);
  });
});

describe("the store's time zone", () => {
  it("an unknown zone is a VALIDATION_FAILED error naming the field, not a RangeError", () => {
    const context = at("2024-06-15T12:00:00Z", "Mars/Olympus_Mons");
    expect(() => matches("last_order_date = today", "2024-06-15T12:00:00Z", context)).toThrow(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        details: expect.objectContaining({ field: "timeZone" }),
      }),
    );
  });
});
