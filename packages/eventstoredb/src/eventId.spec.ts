import { newId } from "@clientele/core";
import { describe, expect, it } from "vitest";
import { ulidToUuid } from "./eventId.js";

describe("ulidToUuid", () => {
  it("writes the ULID's 128 bits as a UUID", () => {
    expect(ulidToUuid("00000000000000000000000000")).toBe("00000000-0000-0000-0000-000000000000");
    expect(ulidToUuid("7ZZZZZZZZZZZZZZZZZZZZZZZZZ")).toBe("ffffffff-ffff-ffff-ffff-ffffffffffff");
    expect(ulidToUuid("01ARZ3NDEKTSV4RRFFQ69G5FAV")).toBe("01563e3a-b5d3-d676-4c61-efb99302bd5b");
  });

  it("is one-to-one on fresh ids", () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids.map(ulidToUuid)).size).toBe(1000);
  });

  it("refuses what is not a ULID", () => {
    expect(() => ulidToUuid("not-a-ulid!")).toThrow("Not a ULID");
  });
});
