import { randomBytes } from "node:crypto";
import { monotonicFactory } from "ulid";
import { z } from "zod";
import { actorSchema } from "./actor.js";

const ulidPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** What every stored event carries besides its data. */
export const eventMetadataSchema = z.object({
  eventId: z.string().regex(ulidPattern, "expected a ULID"),
  actor: actorSchema,
  /** Shared by every event caused, directly or not, by one user request. */
  correlationId: z.string().min(1),
  /** The command or event that directly caused this one. */
  causationId: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});
export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/**
 * Cryptographic randomness drawn 4 KiB at a time: ulid asks its PRNG once per character, and a
 * system call per character was a tenth of the cost of handling a command.
 */
const pooledRandom = (): (() => number) => {
  let pool = randomBytes(4096);
  let offset = 0;
  return () => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const value = pool.readUInt32LE(offset) / 0x1_0000_0000;
    offset += 4;
    return value;
  };
};

/** Monotonic within a process, so ids minted in one millisecond still sort in creation order. */
export const newId: () => string = monotonicFactory(pooledRandom());

let lastMillis = Number.NaN;
let lastText = "";

/**
 * `date.toISOString()`, remembered for the last millisecond seen: every command stamps its
 * events' `occurredAt`, dozens of commands share a millisecond, and formatting a date costs
 * about as much as the rest of an in-memory append.
 *
 * @example occurredAtText(clock.now()) // "2026-01-15T10:00:00.000Z"
 */
export const occurredAtText = (date: Date): string => {
  const millis = date.getTime();
  if (millis !== lastMillis) {
    lastText = date.toISOString();
    lastMillis = millis;
  }
  return lastText;
};
