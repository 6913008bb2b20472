import type { Clock } from "../clock.js";
import type { CustomerState } from "../customer/state.js";
import { customerStreamName } from "../customer/streams.js";
import { isClienteleError } from "../errors.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { systemPrincipal } from "../handling/authorize.js";
import type { HandleResult } from "../handling/handleCommand.js";
import type { StreamLoader } from "../handling/streamLoader.js";
import {
  type ErasureEntry,
  type ErasureOutcome,
  erasureDayStreamName,
  erasureOriginStream,
  readDay,
  scheduleErasure,
  scheduleEvent,
  utcDay,
} from "./schedule.js";

/** What crypto-shredding needs to hear: whose data is gone, including profiles merged into it. */
export interface PersonalDataErased {
  customerId: string;
  /** The profile and every profile merged into it, recursively: their streams hold the same person. */
  subjectIds: string[];
  reason: "redacted" | "deleted";
}

/** Destroys what makes the personal data readable (e.g. `KeyStore.destroy`); must be idempotent. */
export type OnPersonalDataErased = (erased: PersonalDataErased) => Promise<void>;

/** What the processor needs; `createCustomers` supplies it as `customers.processDueErasures()`. */
export interface ErasureProcessorDeps {
  store: EventStore;
  loader: StreamLoader<CustomerState>;
  clock: Clock;
  execute(command: unknown): Promise<HandleResult<CustomerState>>;
  subjectsOf(customerId: string): Promise<string[]>;
  onPersonalDataErased?: OnPersonalDataErased | undefined;
}

/** What one run of the processor did. */
export interface ErasureRun {
  /** Profiles this run redacted. */
  redacted: string[];
  /** Entries settled this run, by outcome. */
  settled: Record<ErasureOutcome, number>;
  /** Due entries left for a later run (a merge was running on the profile). */
  deferred: number;
}

const dayMs = 86_400_000;
const nextDay = (day: string) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + dayMs));
const previousDay = (day: string) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) - dayMs));
const system = systemPrincipal("erasure processor");

/**
 * Redacts every profile whose erasure is due: one function for a scheduler or a CLI. Safe to run
 * twice or concurrently: redaction goes through the command handler (one CustomerRedacted per
 * profile, whoever wins), settling and closing a day are idempotent, and the erased hook must be.
 * @example await customers.processDueErasures() // { redacted: ["cus_..."], ... }
 */
export const processDueErasures = async (deps: ErasureProcessorDeps): Promise<ErasureRun> => {
  const { store, clock } = deps;
  const now = clock.now();
  const today = utcDay(now);
  const run: ErasureRun = {
    redacted: [],
    settled: { redacted: 0, deleted: 0, cancelled: 0, rescheduled: 0, merged: 0 },
    deferred: 0,
  };
  const [origin] = await store.readStream(erasureOriginStream, { maxCount: 1 });
  if (!origin) return run;
  const originDay = String(origin.data.day);

  // Walk back to the last day a run closed; every day after it still needs reading.
  let from = today;
  while (from > originDay) {
    const day = previousDay(from);
    const [last] = await lastEvent(store, erasureDayStreamName(day));
    if (last?.type === "ErasureDayClosed") break;
    from = day;
  }

  const erased = async (customerId: string, reason: "redacted" | "deleted") => {
    await deps.onPersonalDataErased?.({
      customerId,
      subjectIds: await deps.subjectsOf(customerId),
      reason,
    });
  };

  const settle = async (entry: ErasureEntry): Promise<ErasureOutcome | undefined> => {
    const { state } = await deps.loader.load(store, customerStreamName(entry.customerId));
    if (state.status === "redacted" || state.status === "deleted") {
      await erased(entry.customerId, state.status);
      return state.status;
    }
    if (state.status === "merged") return "merged";
    const pending = state.redactionPending;
    if (!pending) return "cancelled";
    if (Date.parse(pending.dueAt) > now.getTime()) {
      // A newer request (cancelled and asked again) falls due later: make sure its day is indexed.
      await scheduleErasure(
        store,
        { customerId: entry.customerId, dueAt: pending.dueAt },
        system.actor,
        now,
      );
      return "rescheduled";
    }
    try {
      // The command path releases the email and phone and calls the erased hook itself.
      await deps.execute({ type: "RedactCustomer", customerId: entry.customerId });
      run.redacted.push(entry.customerId);
      return "redacted";
    } catch (error) {
      if (isClienteleError(error, "MERGE_IN_PROGRESS")) return undefined;
      // Another run redacted it (or an order landed) meanwhile: look again.
      if (
        isClienteleError(error, "CUSTOMER_REDACTED") ||
        isClienteleError(error, "CONCURRENCY_CONFLICT")
      ) {
        return settle(entry);
      }
      throw error;
    }
  };

  for (let day = from; day <= today; day = nextDay(day)) {
    const stream = erasureDayStreamName(day);
    const { open, closed } = readDay(await store.readStream(stream));
    if (closed) continue;
    let left = 0;
    for (const entry of open) {
      if (Date.parse(entry.dueAt) > now.getTime()) {
        left++;
        continue;
      }
      const outcome = await settle(entry);
      if (outcome === undefined) {
        run.deferred++;
        left++;
        continue;
      }
      run.settled[outcome]++;
      await store.appendToStream(stream, [
        scheduleEvent("ErasureSettled", { ...entry, outcome }, system.actor, now),
      ]);
    }
    // Only a day wholly past can be closed: no request can fall due on it any more.
    if (day < today && left === 0) {
      const { revision } = readDay(await store.readStream(stream));
      await store
        .appendToStream(stream, [scheduleEvent("ErasureDayClosed", {}, system.actor, now)], {
          expectedRevision: revision === -1 ? "no_stream" : revision,
        })
        .catch((error: unknown) => {
          // A concurrent run closed it, or settled something meanwhile: the next run closes it.
          if (!isClienteleError(error, "CONCURRENCY_CONFLICT")) throw error;
        });
    }
  }
  return run;
};

/** The last event of a day stream; day streams are small, so reading one whole is cheap. */
const lastEvent = async (store: EventStore, stream: string) =>
  (await store.readStream(stream)).slice(-1);
