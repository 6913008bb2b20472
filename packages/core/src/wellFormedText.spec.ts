import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newCustomerId } from "./customer/streams.js";
import { createCustomers } from "./customers/customerService.js";
import { isClienteleError } from "./errors.js";
import { getInMemoryEventStore } from "./eventStore/inMemoryEventStore.js";
import { staffPrincipal } from "./handling/authorize.js";
import { hostileString as hostileText } from "./spec/hostileText.js";
import {
  hasLoneSurrogate,
  illFormedSpotIn,
  illFormedStrings,
  withWellFormedText,
} from "./wellFormedText.js";

const hostileString = hostileText(12);

/** Node's own replacement (ES2024; the project's lib is ES2023). */
const toWellFormed = (s: string): string =>
  (s as unknown as { toWellFormed(): string }).toWellFormed();

/** The reference: a lone surrogate is a code unit in D800-DFFF not part of a valid pair. */
const loneAt = (s: string): number => {
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit === 0) return i;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return i;
  }
  return -1;
};

describe("well-formed text", () => {
  it("finds the first lone surrogate or NUL at its code-unit position, as a reference scan does", () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        expect(illFormedSpotIn(s)?.position ?? -1).toBe(loneAt(s));
      }),
      { numRuns: 2000 },
    );
  });

  it("names every ill-formed string by its path, keys included", () => {
    const spots = illFormedStrings({
      tags: ["ok", "x\ud800"],
      address: { city: "a\u0000" },
      "k\udc00": 1,
    });
    expect(spots.map(({ path, position, codeUnit }) => ({ path, position, codeUnit }))).toEqual([
      { path: "tags.1", position: 1, codeUnit: "\\ud800" },
      { path: "address.city", position: 1, codeUnit: "\\u0000" },
      { path: "k\udc00", position: 1, codeUnit: "\\udc00" },
    ]);
    expect(spots[0]?.message).toBe(
      "contains a lone surrogate (\\ud800) at position 1; text must be well-formed Unicode",
    );
    expect(illFormedStrings({ emoji: "😀", rtl: "\u200fשלום", combining: "e\u0301" })).toEqual([]);
  });

  it("replaces lone surrogates with U+FFFD, keeps everything else, and returns the value itself when it needs nothing", () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const fixed = withWellFormedText({ s, list: [s], [s]: 1 });
        expect(hasLoneSurrogate(fixed)).toBe(false);
        expect(fixed.s).toBe(toWellFormed(s));
        expect(fixed.list).toEqual([toWellFormed(s)]);
        expect(Object.keys(fixed)).toContain(toWellFormed(s));
        const clean = { s: toWellFormed(s) };
        expect(withWellFormedText(clean)).toBe(clean);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("a command holding text that is not well-formed", () => {
  const anna = staffPrincipal("anna", ["customers:view", "customers:edit"]);

  it("is VALIDATION_FAILED naming the field and position, and writes nothing", async () => {
    const store = getInMemoryEventStore();
    const customers = createCustomers({ store });
    const customerId = newCustomerId();
    await customers.execute(
      { type: "CreateCustomer", customerId, source: "manual", email: "a@example.com" },
      anna,
    );
    const before = (await store.readAll()).length;
    for (const tags of ["VIP, x\ud800", ["ok", "y\udfff"], "a\u0000b"]) {
      const attempt = customers.execute({ type: "AddTags", customerId, tags }, anna);
      await expect(attempt).rejects.toSatisfy((error: unknown) =>
        isClienteleError(error, "VALIDATION_FAILED"),
      );
      const error = await attempt.catch((e: unknown) => e);
      expect(isClienteleError(error) && error.details.fields).toEqual([
        Array.isArray(tags) ? "tags.1" : "tags",
      ]);
      expect(String((error as Error).message)).toMatch(/at position \d+/);
    }
    const created = customers.execute(
      {
        type: "CreateCustomer",
        customerId: newCustomerId(),
        source: "manual",
        firstName: "\ud83d",
      },
      anna,
    );
    await expect(created).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect((await store.readAll()).length).toBe(before);
  });
});
