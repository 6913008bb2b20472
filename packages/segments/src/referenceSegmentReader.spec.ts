import { describe, expect, it } from "vitest";
import { parseSegmentQuery } from "./parser.js";
import { profileBook, profileOf } from "./spec/profiles.js";

const vip = parseSegmentQuery("customer_tags CONTAINS 'vip'");

describe("referenceSegmentReader", () => {
  it("counts and pages members in ascending id order, resuming after the cursor", async () => {
    const { reader, put } = profileBook();
    put(
      ...["c5", "c1", "c4", "c2", "c3"].map((id) => profileOf(id, { tags: ["VIP"] })),
      profileOf("c0"),
    );
    expect(await reader.count(vip)).toBe(5);
    const first = await reader.page(vip, { limit: 2 });
    expect(first).toEqual({ ids: ["c1", "c2"], cursor: "c2" });
    const second = await reader.page(vip, { limit: 2, cursor: "c2" });
    expect(second).toEqual({ ids: ["c3", "c4"], cursor: "c4" });
    expect(await reader.page(vip, { limit: 2, cursor: "c4" })).toEqual({ ids: ["c5"] });
  });

  it("gives no cursor when the last page is exactly full", async () => {
    const { reader, put } = profileBook();
    put(profileOf("a", { tags: ["vip"] }), profileOf("b", { tags: ["vip"] }));
    expect(await reader.page(vip, { limit: 2 })).toEqual({ ids: ["a", "b"] });
  });

  it("resumes correctly when members join or leave between pages", async () => {
    const { reader, put, profiles } = profileBook();
    put(...["a", "b", "c", "d"].map((id) => profileOf(id, { tags: ["vip"] })));
    const first = await reader.page(vip, { limit: 2 });
    profiles.delete("a");
    put(profileOf("bb", { tags: ["vip"] }));
    expect(await reader.page(vip, { limit: 10, cursor: first.cursor as string })).toEqual({
      ids: ["bb", "c", "d"],
    });
  });

  it("follows the clock for relative dates", async () => {
    const { reader, put, clock } = profileBook("2026-03-01T10:00:00Z");
    put(profileOf("a", { lastOrderAt: "2026-02-20T10:00:00Z" }));
    const recent = parseSegmentQuery("last_order_date > -30d");
    expect(await reader.count(recent)).toBe(1);
    clock.advance(30 * 86_400_000);
    expect(await reader.count(recent)).toBe(0);
  });

  it.each([0, 10_001, 1.5])(
    "refuses a page of %s members with VALIDATION_FAILED on limit",
    async (limit) => {
      const { reader } = profileBook();
      await expect(reader.page(vip, { limit })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { fields: ["limit"] },
        message: `A page holds 1 to 10000 members; ${limit} was asked for.`,
      });
    },
  );
});
