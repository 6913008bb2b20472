import { describe, expect, it } from "vitest";
import { fixedClock } from "../clock.js";
import { isClienteleError } from "../errors.js";
import { getInMemoryEventStore } from "../eventStore/inMemoryEventStore.js";
import { eventMetadataSchema } from "../metadata.js";
import { createReservations, reservationStreamName } from "./reservations.js";

const actor = { kind: "staff", staffId: "anna" } as const;
const secret = "reservations-spec-secret-0123456789";
const setup = () => {
  const store = getInMemoryEventStore();
  const clock = fixedClock("2026-11-23T10:00:00.000Z");
  const reservations = createReservations({
    store,
    secret,
    clock,
    ownerStreamName: (id) => `owner-${id}`,
    orphanGraceMs: 60_000,
  });
  const createOwner = (id: string) =>
    store.appendToStream(`owner-${id}`, [
      {
        type: "Created",
        data: {},
        metadata: {
          eventId: "01KAQ5Z7N4B8XJ3V2M6T9R0CDE",
          actor,
          correlationId: "c",
          causationId: "c",
          schemaVersion: 1,
          occurredAt: clock.now().toISOString(),
        },
      },
    ]);
  return { store, clock, reservations, createOwner };
};

describe("reservations", () => {
  it("gives one of 20 concurrent claims of an email the value and EMAIL_TAKEN to the other 19", async () => {
    const { reservations, store } = setup();
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        reservations.reserve("email", i % 2 ? "Ann@Example.com" : " ann@example.com", `cus-${i}`, {
          actor,
        }),
      ),
    );
    const winners = settled.flatMap((result, i) =>
      result.status === "fulfilled" ? [`cus-${i}`] : [],
    );
    expect(winners).toHaveLength(1);
    const losers = settled.filter((result) => result.status === "rejected");
    expect(losers).toHaveLength(19);
    for (const loser of losers) {
      const reason = (loser as PromiseRejectedResult).reason;
      expect(isClienteleError(reason, "EMAIL_TAKEN")).toBe(true);
      expect(reason.details).toEqual({ field: "email", ownerId: winners[0] });
    }
    expect(await reservations.ownerOf("email", "ANN@example.com")).toBe(winners[0]);
    const events = await store.readAll();
    expect(events).toHaveLength(1);
    expect(events[0]?.streamName).toMatch(/^clientele-reservation-email-[0-9a-f]{64}$/);
    expect(JSON.stringify(events.map(({ data, metadata }) => ({ data, metadata })))).not.toContain(
      "ann@",
    );
    eventMetadataSchema.parse(events[0]?.metadata);
  });

  it("refuses a taken phone with PHONE_TAKEN, ignoring spacing", async () => {
    const { reservations } = setup();
    await reservations.reserve("phone", "+1 (555) 010-0000", "cus-1", { actor });
    await expect(
      reservations.reserve("phone", "+15550100000", "cus-2", { actor }),
    ).rejects.toMatchObject({
      code: "PHONE_TAKEN",
      details: { field: "phone", ownerId: "cus-1" },
    });
  });

  it("is idempotent for the owner and frees the value on release", async () => {
    const { reservations, store } = setup();
    expect(await reservations.reserve("email", "a@b.co", "cus-1", { actor })).toBe(true);
    expect(await reservations.reserve("email", "a@b.co", "cus-1", { actor })).toBe(false);
    await reservations.release("email", "a@b.co", "cus-2", { actor });
    expect(await reservations.ownerOf("email", "a@b.co")).toBe("cus-1");
    await reservations.release("email", "a@b.co", "cus-1", { actor });
    expect(await reservations.ownerOf("email", "a@b.co")).toBeUndefined();
    await reservations.reserve("email", "a@b.co", "cus-2", { actor });
    expect(await reservations.ownerOf("email", "a@b.co")).toBe("cus-2");
    const types = (await store.readStream(reservationStreamName("email", "a@b.co", secret))).map(
      (e) => e.type,
    );
    expect(types).toEqual(["ValueReserved", "ValueReleased", "ValueReserved"]);
  });

  it("reclaims an orphaned reservation only after the grace period and only without an owner stream", async () => {
    const { reservations, clock, createOwner } = setup();
    await reservations.reserve("email", "a@b.co", "crashed", { actor });
    await reservations.reserve("email", "c@d.co", "alive", { actor });
    await createOwner("alive");
    await expect(reservations.reserve("email", "a@b.co", "cus-2", { actor })).rejects.toMatchObject(
      {
        code: "EMAIL_TAKEN",
      },
    );
    clock.advance(61_000);
    await expect(reservations.reserve("email", "c@d.co", "cus-2", { actor })).rejects.toMatchObject(
      {
        code: "EMAIL_TAKEN",
        details: { ownerId: "alive" },
      },
    );
    expect(await reservations.reserve("email", "a@b.co", "cus-2", { actor })).toBe(true);
    expect(await reservations.ownerOf("email", "a@b.co")).toBe("cus-2");
  });

  it("asks ownerHolds whether a live owner still uses the value", async () => {
    const store = getInMemoryEventStore();
    const clock = fixedClock("2026-11-23T10:00:00.000Z");
    const reservations = createReservations({
      store,
      secret,
      clock,
      ownerStreamName: (id) => `owner-${id}`,
      orphanGraceMs: 1000,
      ownerHolds: async (ownerId) => ownerId === "keeps",
    });
    await reservations.reserve("email", "a@b.co", "keeps", { actor });
    await reservations.reserve("email", "c@d.co", "changed", { actor });
    clock.advance(2000);
    await expect(reservations.reserve("email", "a@b.co", "new", { actor })).rejects.toMatchObject({
      code: "EMAIL_TAKEN",
    });
    await reservations.reserve("email", "c@d.co", "new", { actor });
    const types = (await store.readStream(reservationStreamName("email", "c@d.co", secret))).map(
      (e) => e.type,
    );
    expect(types).toEqual(["ValueReserved", "ValueReleased", "ValueReserved"]);
  });
});

describe("uniqueness keys", () => {
  it("are keyed hashes: another secret gives another stream, and no plain SHA-256 of the value", async () => {
    const { createHash } = await import("node:crypto");
    const name = reservationStreamName("email", " Ann@Example.com", secret);
    expect(name).toBe(reservationStreamName("email", "ann@example.com", secret));
    expect(name).not.toBe(reservationStreamName("email", "ann@example.com", `${secret}-rotated`));
    const plain = createHash("sha256").update("ann@example.com").digest("hex");
    expect(name).not.toContain(plain);
  });

  it("refuse a secret too short to resist guessing", () => {
    const error = (() => {
      try {
        createReservations({
          store: getInMemoryEventStore(),
          secret: "short",
          ownerStreamName: (id) => id,
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isClienteleError(error, "VALIDATION_FAILED")).toBe(true);
    expect(error).toMatchObject({ details: { fields: ["uniquenessSecret"] } });
  });
});
