import { createHmac } from "node:crypto";
import type { Actor } from "../actor.js";
import { type Clock, systemClock } from "../clock.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import type { EventStore, EventToAppend, RecordedEvent } from "../eventStore/eventStore.js";
import { newId } from "../metadata.js";

/** The values unique across the store. */
export type ReservedKind = "email" | "phone";

/** Who is reserving or releasing, stamped on the reservation events. */
export interface ReservationContext {
  actor: Actor;
  correlationId?: string;
  causationId?: string;
}

/** The HMAC key for uniqueness keys: at least 16 bytes (a string counts its UTF-8 bytes). */
export type UniquenessSecret = string | Uint8Array;

export interface ReservationsOptions {
  store: EventStore;
  /**
   * Keys the hash in every reservation stream name, so a stream name cannot be matched against a
   * list of known emails or phones without it. Keep it stable: changing it hides every existing
   * reservation (see docs/privacy.md, "Uniqueness keys").
   */
  secret: UniquenessSecret;
  /** The stream of the profile owning a value, to tell a live owner from an orphan. */
  ownerStreamName(ownerId: string): string;
  /**
   * Whether `ownerId` still uses `value`. Default: its stream exists. A service that can read the
   * profile should also answer false once the profile changed or deleted the value, so a crash
   * between that change and the release does not keep the value reserved forever.
   */
  ownerHolds?(ownerId: string, kind: ReservedKind, value: string): Promise<boolean>;
  clock?: Clock;
  /** How old a reservation without an owner stream must be before it may be reclaimed. Default 5 minutes. */
  orphanGraceMs?: number;
}

export interface Reservations {
  /**
   * Claims `value` for `ownerId`, or throws EMAIL_TAKEN / PHONE_TAKEN naming the current owner.
   * Resolves true when this call took the value, false when `ownerId` already held it (so a caller
   * undoing a failed command releases only what it took).
   */
  reserve(
    kind: ReservedKind,
    value: string,
    ownerId: string,
    context: ReservationContext,
  ): Promise<boolean>;
  /** Frees `value` if `ownerId` holds it; a no-op otherwise. */
  release(
    kind: ReservedKind,
    value: string,
    ownerId: string,
    context: ReservationContext,
  ): Promise<void>;
  /**
   * Hands `value` from `fromId` to `toId` in one append, so it is never free in between (a merge
   * moving the absorbed profile's email to the survivor). A no-op when `toId` holds it already;
   * EMAIL_TAKEN / PHONE_TAKEN when a third profile does.
   */
  transfer(
    kind: ReservedKind,
    value: string,
    fromId: string,
    toId: string,
    context: ReservationContext,
  ): Promise<void>;
  /** The id holding `value`, or undefined when it is free. */
  ownerOf(kind: ReservedKind, value: string): Promise<string | undefined>;
}

/** Email is case-insensitive; a phone is compared without the spacing people type. */
export const normaliseReserved = (kind: ReservedKind, value: string): string =>
  kind === "email" ? value.trim().toLowerCase() : value.replace(/[\s().-]/g, "");

const minSecretBytes = 16;

/** Throws VALIDATION_FAILED for a secret too short to resist guessing. */
export const assertUniquenessSecret = (secret: UniquenessSecret): void => {
  const bytes = typeof secret === "string" ? Buffer.byteLength(secret, "utf8") : secret.byteLength;
  if (bytes < minSecretBytes) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      `The uniqueness secret has ${bytes} bytes; use at least ${minSecretBytes} random bytes (e.g. openssl rand -hex 32).`,
      { fields: ["uniquenessSecret"], minBytes: minSecretBytes, bytes },
    );
  }
};

/**
 * The reservation stream for a value: an HMAC-SHA256 of the normalised value under the store's
 * secret. A plain hash of an email can be reversed by hashing a list of known emails; a keyed one
 * cannot without the secret, which never sits in the event store.
 * @example reservationStreamName("email", "Ann@example.com", secret) // "clientele-reservation-email-5f0c…"
 */
export const reservationStreamName = (
  kind: ReservedKind,
  value: string,
  secret: UniquenessSecret,
): string =>
  `clientele-reservation-${kind}-${createHmac("sha256", secret).update(normaliseReserved(kind, value)).digest("hex")}`;

interface Holding {
  revision: number;
  ownerId: string | undefined;
  reservedAt: string | undefined;
}

const holdingOf = (events: readonly RecordedEvent[]): Holding => {
  const last = events.at(-1);
  const held = last?.type === "ValueReserved";
  return {
    revision: last?.revision ?? -1,
    ownerId: held ? String(last.data.ownerId) : undefined,
    reservedAt: held ? last.metadata.occurredAt : undefined,
  };
};

/**
 * Store-wide uniqueness without a global lock: each value has its own stream, and the
 * optimistic-concurrency append on that stream is the only arbiter, so two concurrent claims of one
 * email cannot both win on any store.
 *
 * Orphans: a crash between reserving a value and creating the profile leaves a reservation whose
 * owner stream never appears (likewise a crash between changing or deleting a value and releasing
 * it). Such a reservation is reclaimed when its owner no longer holds the value (`ownerHolds`;
 * by default, the owner stream does not exist) and the reservation is older than
 * `orphanGraceMs`, so a create or change still in flight is never robbed. The
 * reclaim appends `ValueReleased` + `ValueReserved` at the revision just read, so it too loses
 * cleanly to any concurrent writer.
 *
 * @example
 * const reservations = createReservations({ store, secret, ownerStreamName: customerStreamName });
 * await reservations.reserve("email", "Ann@example.com", customerId, { actor });
 */
export const createReservations = (options: ReservationsOptions): Reservations => {
  const { store, secret } = options;
  assertUniquenessSecret(secret);
  const streamOf = (kind: ReservedKind, value: string) =>
    reservationStreamName(kind, value, secret);
  const clock = options.clock ?? systemClock;
  const orphanGraceMs = options.orphanGraceMs ?? 5 * 60_000;

  const event = (type: string, ownerId: string, context: ReservationContext): EventToAppend => {
    const id = newId();
    return {
      type,
      data: { ownerId },
      metadata: {
        eventId: id,
        actor: context.actor,
        correlationId: context.correlationId ?? id,
        causationId: context.causationId ?? id,
        schemaVersion: 1,
        occurredAt: clock.now().toISOString(),
      },
    };
  };

  const ownerHolds =
    options.ownerHolds ??
    (async (ownerId: string) =>
      (await store.readStream(options.ownerStreamName(ownerId), { maxCount: 1 })).length > 0);

  const isOrphan = async (kind: ReservedKind, value: string, holding: Holding) => {
    if (holding.ownerId === undefined || holding.reservedAt === undefined) return false;
    const age = clock.now().getTime() - Date.parse(holding.reservedAt);
    if (age < orphanGraceMs) return false;
    return !(await ownerHolds(holding.ownerId, kind, value));
  };

  const taken = (kind: ReservedKind, value: string, ownerId: string) =>
    new ClienteleError(
      kind === "email" ? "EMAIL_TAKEN" : "PHONE_TAKEN",
      `The ${kind} ${value} already belongs to customer ${ownerId}. Use another ${kind}, or merge the two profiles.`,
      { field: kind, ownerId },
    );

  /** Appends at `revision`; false when another writer got there first (the caller re-reads). */
  const appendAt = async (stream: string, events: EventToAppend[], revision: number) => {
    try {
      await store.appendToStream(stream, events, {
        expectedRevision: revision === -1 ? "no_stream" : revision,
      });
      return true;
    } catch (error) {
      if (isClienteleError(error, "CONCURRENCY_CONFLICT")) return false;
      throw error;
    }
  };

  return {
    async reserve(kind, value, ownerId, context) {
      const stream = streamOf(kind, value);
      for (;;) {
        const holding = holdingOf(await store.readStream(stream));
        if (holding.ownerId === ownerId) return false;
        if (holding.ownerId === undefined) {
          if (await appendAt(stream, [event("ValueReserved", ownerId, context)], holding.revision))
            return true;
          continue;
        }
        if (!(await isOrphan(kind, value, holding))) throw taken(kind, value, holding.ownerId);
        const reclaim = [
          event("ValueReleased", holding.ownerId, context),
          event("ValueReserved", ownerId, context),
        ];
        if (await appendAt(stream, reclaim, holding.revision)) return true;
      }
    },

    async release(kind, value, ownerId, context) {
      const stream = streamOf(kind, value);
      for (;;) {
        const holding = holdingOf(await store.readStream(stream));
        if (holding.ownerId !== ownerId) return;
        if (await appendAt(stream, [event("ValueReleased", ownerId, context)], holding.revision))
          return;
      }
    },

    async transfer(kind, value, fromId, toId, context) {
      const stream = streamOf(kind, value);
      for (;;) {
        const holding = holdingOf(await store.readStream(stream));
        if (holding.ownerId === toId) return;
        if (holding.ownerId === undefined) {
          if (await appendAt(stream, [event("ValueReserved", toId, context)], holding.revision))
            return;
          continue;
        }
        if (holding.ownerId !== fromId) throw taken(kind, value, holding.ownerId);
        const handOver = [
          event("ValueReleased", fromId, context),
          event("ValueReserved", toId, context),
        ];
        if (await appendAt(stream, handOver, holding.revision)) return;
      }
    },

    async ownerOf(kind, value) {
      return holdingOf(await store.readStream(streamOf(kind, value))).ownerId;
    },
  };
};
