import { redactedPlaceholder } from "@clientele/core";
import { describe, expect, it } from "vitest";
import { getInMemoryReadModelStore } from "../readModel/inMemoryReadModelStore.js";
import { customerHistory, project } from "../testing/customerHistory.js";
import { readTimeline } from "./readTimeline.js";
import { timeline } from "./timeline.js";

const address = {
  addressId: "a1",
  address1: "1 Market St",
  city: "San Francisco",
  countryCode: "US",
};

/** Given these events, when the timeline is projected, then reading it gives... */
const given = async (history: ReturnType<typeof customerHistory>) => {
  const readModel = getInMemoryReadModelStore();
  await project(readModel, timeline, history.events, 3);
  return {
    read: (customerId: string, options: Partial<Parameters<typeof readTimeline>[2]> = {}) =>
      readTimeline(readModel, customerId, { audience: "staff", limit: 50, ...options }),
  };
};

describe("timeline", () => {
  it("lists a profile's events newest first, each with who did it and a readable line", async () => {
    const view = await given(
      customerHistory()
        .add("cus_1", "CustomerTagged", { tags: ["VIP"] })
        .add("cus_2", "CustomerTagged", { tags: ["other"] })
        .add(
          "cus_1",
          "AccountStateChanged",
          { accountState: "ENABLED" },
          { kind: "system", reason: "import" },
        ),
    );
    const { entries, nextCursor } = await view.read("cus_1");
    expect(nextCursor).toBeUndefined();
    expect(entries).toEqual([
      {
        position: "3",
        customerId: "cus_1",
        revision: 1,
        type: "AccountStateChanged",
        occurredAt: "2026-01-01T00:03:00.000Z",
        actor: "system (import)",
        line: "Customer account enabled by system (import)",
        staffOnly: false,
      },
      {
        position: "1",
        customerId: "cus_1",
        revision: 0,
        type: "CustomerTagged",
        occurredAt: "2026-01-01T00:01:00.000Z",
        actor: "staff anna",
        line: "Tag VIP added by staff anna",
        staffOnly: false,
      },
    ]);
  });

  it("pages with a cursor until the oldest entry", async () => {
    const history = customerHistory();
    for (let n = 0; n < 7; n++) history.add("cus_1", "CustomerTagged", { tags: [`t${n}`] });
    const view = await given(history);
    const pages: string[][] = [];
    let before: string | undefined;
    do {
      const page = await view.read("cus_1", { limit: 3, ...(before ? { before } : {}) });
      pages.push(page.entries.map((entry) => entry.line.split(" ")[1] as string));
      before = page.nextCursor;
    } while (before);
    expect(pages.flat()).toEqual(["t6", "t5", "t4", "t3", "t2", "t1", "t0"]);
    expect(pages[0]).toEqual(["t6", "t5", "t4"]);
  });

  it("marks notes staff-only: staff read the text, a customer-facing view leaves them out", async () => {
    const view = await given(
      customerHistory()
        .add("cus_1", "CustomerTagged", { tags: ["VIP"] })
        .add("cus_1", "CustomerNoted", { note: "Prefers phone calls" })
        .add("cus_1", "CustomerTagged", { tags: ["gold"] }),
    );
    const staff = await view.read("cus_1");
    expect(staff.entries[1]).toMatchObject({
      type: "CustomerNoted",
      staffOnly: true,
      line: "Note changed by staff anna",
      note: "Prefers phone calls",
    });
    const customer = await view.read("cus_1", { audience: "customer", limit: 1 });
    expect(customer.entries.map((entry) => entry.type)).toEqual(["CustomerTagged"]);
    const rest = await view.read("cus_1", {
      audience: "customer",
      limit: 5,
      before: customer.nextCursor,
    });
    expect(rest.entries.map((entry) => entry.line)).toEqual(["Tag VIP added by staff anna"]);
  });

  it("shows personal details until the profile is redacted, then placeholders, and keeps no copy", async () => {
    const history = customerHistory()
      .add("cus_1", "AddressAdded", { address })
      .add("cus_1", "CustomerNoted", { note: "Lives next to the shop" });
    const before = await given(history);
    expect((await before.read("cus_1")).entries.map((entry) => entry.line)).toEqual([
      "Note changed by staff anna",
      "Address added: 1 Market St, San Francisco, US by staff anna",
    ]);

    history.add("cus_1", "CustomerRedacted", {}, { kind: "system", reason: "erasure" });
    const readModel = getInMemoryReadModelStore();
    await project(readModel, timeline, history.events);
    const { entries } = await readTimeline(readModel, "cus_1", { audience: "staff", limit: 10 });
    expect(entries.map((entry) => entry.line)).toEqual([
      "Personal data erased by system (erasure)",
      "Note changed by staff anna",
      `Address added: ${redactedPlaceholder}, ${redactedPlaceholder}, US by staff anna`,
    ]);
    expect(entries[1]?.note).toBeUndefined();
    const stored = JSON.stringify(await readModel.snapshot("timeline", timeline.version));
    expect(stored).not.toContain("Market St");
    expect(stored).not.toContain("next to the shop");
  });

  it("includes the history of merged profiles, through a chain of merges, in position order", async () => {
    const view = await given(
      customerHistory()
        .add("cus_c", "CustomerTagged", { tags: ["from-c"] })
        .add("cus_b", "CustomerTagged", { tags: ["from-b"] })
        .add("cus_a", "CustomerTagged", { tags: ["from-a"] })
        .add("cus_b", "CustomerMerged", { mergeId: "m1", absorbedId: "cus_c", gained: [] })
        .add("cus_c", "CustomerMergedInto", { mergeId: "m1", survivorId: "cus_b" })
        .add("cus_a", "CustomerMerged", { mergeId: "m2", absorbedId: "cus_b", gained: [] })
        .add("cus_b", "CustomerMergedInto", { mergeId: "m2", survivorId: "cus_a" }),
    );
    const { entries } = await view.read("cus_a", { limit: 4 });
    expect(entries.map((entry) => [entry.customerId, entry.line])).toEqual([
      ["cus_b", "Merged into cus_a by staff anna"],
      ["cus_a", "Merged with cus_b (0 changes gained) by staff anna"],
      ["cus_c", "Merged into cus_b by staff anna"],
      ["cus_b", "Merged with cus_c (0 changes gained) by staff anna"],
    ]);
    const older = await view.read("cus_a", { limit: 4, before: "4" });
    expect(older.entries.map((entry) => entry.line)).toEqual([
      "Tag from-a added by staff anna",
      "Tag from-b added by staff anna",
      "Tag from-c added by staff anna",
    ]);
    expect(older.nextCursor).toBeUndefined();
  });

  it("erases the personal details of every profile merged into an erased one, however deep", async () => {
    const history = customerHistory()
      .add("cus_c", "CustomerNoted", { note: "secret of c" })
      .add("cus_b", "CustomerNoted", { note: "secret of b" })
      .add("cus_b", "CustomerMerged", { mergeId: "m1", absorbedId: "cus_c", gained: [] })
      .add("cus_a", "CustomerMerged", { mergeId: "m2", absorbedId: "cus_b", gained: [] })
      .add("cus_a", "CustomerDeleted", {});
    const readModel = getInMemoryReadModelStore();
    await project(readModel, timeline, history.events, 2);
    const { entries } = await readTimeline(readModel, "cus_a", { audience: "staff", limit: 10 });
    const notes = entries.filter((entry) => entry.type === "CustomerNoted");
    expect(notes.map((entry) => [entry.customerId, entry.line, entry.note])).toEqual([
      ["cus_b", "Note changed by staff anna", undefined],
      ["cus_c", "Note changed by staff anna", undefined],
    ]);
    expect(JSON.stringify(await readModel.snapshot("timeline", timeline.version))).not.toContain(
      "secret",
    );
  });

  it("reads event types it does not know, staff-only, and ignores snapshot streams", async () => {
    const view = await given(
      customerHistory()
        .add("cus_1", "LoyaltyPointsEarned", { points: 10 })
        .add("cus_1", "CustomerTagged", { nonsense: true })
        .addToStream("clientele-customer-cus_1-snapshot", "Snapshot", { state: {} }),
    );
    const { entries } = await view.read("cus_1");
    expect(entries.map((entry) => [entry.line, entry.staffOnly])).toEqual([
      ["CustomerTagged recorded by staff anna", false],
      ["LoyaltyPointsEarned recorded by staff anna", true],
    ]);
  });

  it("refuses a page size or cursor it cannot honour, saying which", async () => {
    const view = await given(customerHistory());
    await expect(view.read("cus_1", { limit: 0 })).rejects.toMatchObject({
      code: "INVALID_READ",
      details: { field: "limit" },
    });
    await expect(view.read("cus_1", { before: "abc" })).rejects.toMatchObject({
      code: "INVALID_READ",
      details: { field: "before" },
    });
  });
});
