import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerStreamName } from "../customer/streams.js";
import { isClienteleError } from "../errors.js";
import { contractMetadata } from "../eventStore/contract/index.js";
import type { EventStore, EventToAppend } from "../eventStore/eventStore.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { snapshotStreamName } from "../snapshots/snapshotLoader.js";
import { isCryptoShredding, withCryptoShredding } from "./cryptoShredding.js";
import { getInMemoryKeyStore } from "./inMemoryKeyStore.js";
import type { KeyStore } from "./keyStore.js";
import { shredClosedSubjects } from "./shredClosedSubjects.js";

const ada = "cus_ada";
const stream = customerStreamName(ada);
const event = (type: string, data: Record<string, unknown>): EventToAppend => ({
  type,
  data,
  metadata: contractMetadata(),
});

/** Everything the store holds, as text: what a scan of its bytes would find. */
const rawText = async (inner: EventStore) =>
  JSON.stringify(await inner.readAll(), (_, value) =>
    typeof value === "bigint" ? String(value) : value,
  );

const setup = () => {
  const inner = getInMemoryEventStore();
  const keyStore = getInMemoryKeyStore();
  const store = withCryptoShredding(inner, { keyStore });
  const raw = async () => rawText(inner);
  return { inner, keyStore, store, raw };
};

const noted = (note: string) => event("CustomerNoted", { note });
const updated = event("CustomerUpdated", {
  firstName: "Ada",
  email: "ada@example.com",
  locale: "en",
});

describe("withCryptoShredding", () => {
  it("stores personal fields encrypted and reads them back as written", async () => {
    const { store, raw, inner } = setup();
    await store.appendToStream(stream, [updated, noted("likes silk scarves")]);
    const stored = await raw();
    for (const secret of ["Ada", "ada@example.com", "silk scarves"])
      expect(stored).not.toContain(secret);
    // Non-personal fields stay readable for accounting and analysis.
    expect((await inner.readStream(stream))[0]?.data.locale).toBe("en");
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([
      updated.data,
      { note: "likes silk scarves" },
    ]);
    expect((await store.readAll()).map((e) => e.data)).toEqual([
      updated.data,
      { note: "likes silk scarves" },
    ]);
    expect(isCryptoShredding(store)).toBe(true);
  });

  it("encrypts the events nested in CustomerMerged.gained under the survivor's key", async () => {
    const { store, raw } = setup();
    const merged = event("CustomerMerged", {
      mergeId: "m1",
      absorbedId: "cus_bob",
      gained: [
        { type: "CustomerNoted", data: { note: "prefers email" } },
        {
          type: "AddressAdded",
          data: {
            address: {
              addressId: "a1",
              address1: "12 rue de Rivoli",
              city: "Paris",
              countryCode: "FR",
            },
          },
        },
        { type: "CustomerTagged", data: { tags: ["VIP"] } },
      ],
    });
    await store.appendToStream(stream, [merged]);
    const stored = await raw();
    for (const secret of ["prefers email", "Rivoli", "Paris"]) expect(stored).not.toContain(secret);
    expect(stored).toContain("VIP");
    expect((await store.readStream(stream))[0]?.data).toEqual(merged.data);
  });

  it("reads placeholders, never an error, once the key is destroyed by a deletion", async () => {
    const { store, keyStore } = setup();
    await store.appendToStream(stream, [
      updated,
      event("AddressAdded", {
        address: { addressId: "a1", address1: "1 Market St", city: "SF", countryCode: "US" },
      }),
    ]);
    await store.appendToStream(stream, [event("CustomerDeleted", {})]);
    expect(await keyStore.get(ada)).toEqual({ status: "destroyed" });
    const [first, second] = await store.readStream(stream);
    expect(first?.data).toEqual({ firstName: "[redacted]", email: "[redacted]", locale: "en" });
    expect(second?.data).toEqual({
      address: { addressId: "a1", address1: "[redacted]", city: "[redacted]", countryCode: "US" },
    });
  });

  it("stores anything personal appended after shredding as the placeholder, minting no key", async () => {
    const { store, keyStore, raw } = setup();
    await keyStore.destroy(ada);
    await store.appendToStream(snapshotStreamName(stream), [
      event("Snapshot", { revision: 3, stateVersion: 1, state: { email: "late@example.com" } }),
    ]);
    expect(await raw()).not.toContain("late@example.com");
    expect((await store.readStream(snapshotStreamName(stream)))[0]?.data.state).toBe("[redacted]");
    expect(await keyStore.get(ada)).toEqual({ status: "destroyed" });
  });

  it("does not shred when the shredding append is refused", async () => {
    const { store, keyStore } = setup();
    await store.appendToStream(stream, [updated]);
    await expect(
      store.appendToStream(stream, [event("CustomerRedacted", {})], { expectedRevision: 5 }),
    ).rejects.toMatchObject({ code: "CONCURRENCY_CONFLICT" });
    expect((await keyStore.get(ada)).status).toBe("active");
    expect((await store.readStream(stream))[0]?.data.email).toBe("ada@example.com");
  });

  it("fails loudly with DATA_KEY_MISSING when the key store lost a key it never destroyed", async () => {
    const { inner, store } = setup();
    await store.appendToStream(stream, [updated]);
    const forgetful = withCryptoShredding(inner, { keyStore: getInMemoryKeyStore() });
    const error = await forgetful.readStream(stream).catch((e: unknown) => e);
    expect(isClienteleError(error, "DATA_KEY_MISSING")).toBe(true);
    expect(error).toMatchObject({ details: { subjectId: ada, streamName: stream } });
  });

  it("binds ciphertext to its subject: copied into another customer's stream it does not decrypt", async () => {
    const { inner, store, keyStore } = setup();
    await store.appendToStream(stream, [updated]);
    await keyStore.getOrCreate("cus_eve");
    const [stored] = await inner.readStream(stream);
    const bob = customerStreamName("cus_eve");
    await inner.appendToStream(bob, [event("CustomerUpdated", { ...stored?.data })]);
    await expect(store.readStream(bob)).rejects.toThrow(/authenticate/);
  });

  it("leaves streams without a subject alone", async () => {
    const { store, inner } = setup();
    await store.appendToStream("clientele-reservation-email-x", [
      event("ValueReserved", { ownerId: ada }),
    ]);
    await store.appendToStream("other", [
      event("CustomerNoted", { note: "not a customer stream" }),
    ]);
    expect(await rawText(inner)).toContain("not a customer stream");
  });

  it("decrypts what a subscription delivers", async () => {
    const { store } = setup();
    await store.appendToStream(stream, [noted("call after 5pm")]);
    const seen: unknown[] = [];
    const subscription = store.subscribe({}, (e) => {
      seen.push(e.data);
      if (seen.length === 1) void subscription.stop();
    });
    await subscription.done;
    expect(seen).toEqual([{ note: "call after 5pm" }]);
  });

  it("round-trips any personal value and stores none of it in plain text", async () => {
    const marked = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `«${s}»`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          firstName: fc.option(marked),
          lastName: marked,
          email: marked,
          locale: fc.constant("fr"),
        }),
        marked,
        async (fields, note) => {
          const { store, raw } = setup();
          await store.appendToStream(stream, [event("CustomerUpdated", fields), noted(note)]);
          const stored = await raw();
          for (const value of [fields.firstName, fields.lastName, fields.email, note]) {
            if (value !== null) expect(stored).not.toContain(JSON.stringify(value).slice(1, -1));
          }
          expect((await store.readStream(stream)).map((e) => e.data)).toEqual([fields, { note }]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("shredClosedSubjects", () => {
  it("finishes a shredding that a crash interrupted after the append", async () => {
    const inner = getInMemoryEventStore();
    const keyStore = getInMemoryKeyStore();
    // A store whose key destruction never happens stands in for a process killed right after the append.
    const crashing: KeyStore = { ...keyStore, destroy: async () => undefined };
    const store: EventStore = withCryptoShredding(inner, { keyStore: crashing });
    await store.appendToStream(stream, [updated]);
    await store.appendToStream(customerStreamName("cus_kept"), [noted("kept")]);
    await store.appendToStream(stream, [event("CustomerRedacted", {})]);
    expect((await keyStore.get(ada)).status).toBe("active");

    const first = await shredClosedSubjects({ store: inner, keyStore });
    expect(first.shredded).toEqual([ada]);
    expect((await keyStore.get("cus_kept")).status).toBe("active");
    const again = await shredClosedSubjects({
      store: inner,
      keyStore,
      after: first.position as bigint,
    });
    expect(again).toEqual({ shredded: [], position: first.position });
    expect((await withCryptoShredding(inner, { keyStore }).readStream(stream))[0]?.data.email).toBe(
      "[redacted]",
    );
  });
});
