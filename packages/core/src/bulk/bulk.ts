import { z } from "zod";
import type { Clock } from "../clock.js";
import { customerStreamName } from "../customer/streams.js";
import type { ExecuteCustomerCommand } from "../customers/ports.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import { eventOf } from "../eventOf.js";
import type { EventStore } from "../eventStore/eventStore.js";
import { authorize, type Principal } from "../handling/authorize.js";
import { newId } from "../metadata.js";
import { parseOrThrow } from "../validation.js";
import { bulkOperationSchema, bulkPermission, commandFor } from "./operation.js";
import { type BulkItemResult, type BulkRun, bulkStreamName, readBulkRun } from "./run.js";
import { type CustomerSelection, selectionSchema } from "./selection.js";

/** Where a bulk run stands; `onProgress` receives one after every chunk. */
export interface BulkProgress {
  bulkId: string;
  total: number;
  done: number;
  changed: number;
  unchanged: number;
  failed: number;
}

/** The run's outcome: counts and, per profile, what was done or why not. */
export interface BulkReport extends BulkProgress {
  finished: boolean;
  items: BulkItemResult[];
}

/** How a run proceeds. */
export interface BulkRunOptions {
  /** Profiles changed at once. Default 16. */
  concurrency?: number;
  onProgress?: (progress: BulkProgress) => void;
}

/**
 * A bulk request: the operation, the selection, and an optional id to make retries recognisable.
 * @example bulkRequestSchema.parse({ operation: { kind: "delete" }, selection: { ids: ["cus_1"] } })
 */
export const bulkRequestSchema = z.strictObject({
  operation: bulkOperationSchema,
  selection: selectionSchema,
  /** Chosen by the caller to make a retried request recognisable; minted when absent. */
  bulkId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "expected letters, digits, _ or -")
    .optional(),
});
/** A bulk request as a caller writes it. */
export type BulkRequest = z.input<typeof bulkRequestSchema>;

/**
 * Bulk operations, as `customers.bulk`.
 * @example await customers.bulk.run({ operation: { kind: "addTags", tags: "vip" }, selection: { all: true } }, anna)
 */
export interface Bulk {
  /**
   * Applies one operation to every selected profile (same permission as the single command):
   * eligible profiles change, the others are left untouched, and the report says per profile
   * what happened or why not. A run interrupted by a crash is finished by `resume`, without
   * applying anything twice.
   */
  run(request: BulkRequest, principal: Principal, options?: BulkRunOptions): Promise<BulkReport>;
  /** Finishes an interrupted run. Run one resumer per bulk run at a time. */
  resume(bulkId: string, principal: Principal, options?: BulkRunOptions): Promise<BulkReport>;
  /** The report of a run, finished or not. */
  report(bulkId: string, principal: Principal): Promise<BulkReport>;
}

/** What bulk runs need; `createCustomers` supplies it. */
export interface BulkDeps extends ExecuteCustomerCommand {
  store: EventStore;
  clock: Clock;
  selection: CustomerSelection;
  /** Profiles per recorded chunk. Default 1,000. */
  chunkSize?: number | undefined;
}

/**
 * The command id of one profile's command in a bulk run: the same on every retry, so a resumed
 * run recognises (by the events' causation id) a command that landed before the crash.
 * @example bulkCommandId("spring-sale", "cus_1") // "bulk:spring-sale:cus_1"
 */
export const bulkCommandId = (bulkId: string, customerId: string): string =>
  `bulk:${bulkId}:${customerId}`;

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in order. */
const pooled = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const summarise = (run: BulkRun): BulkReport => {
  const items = [...run.results.entries()].sort(([a], [b]) => a - b).flatMap(([, r]) => r);
  const count = (outcome: BulkItemResult["outcome"]) =>
    items.filter((i) => i.outcome === outcome).length;
  return {
    bulkId: run.bulkId,
    total: run.total,
    done: items.length,
    changed: count("changed"),
    unchanged: count("unchanged"),
    failed: count("failed"),
    finished: run.finished,
    items,
  };
};

/**
 * Bulk tag, field edit and delete over a selection, recorded as a stream per run
 * (`clientele-bulk-<id>`): the selection frozen in chunks, then per chunk "started" and "done with
 * these results". Why nothing happens twice: a chunk's results are recorded in one event after
 * its commands ran; only a chunk recorded as started but not done can hold commands that landed
 * unreported, and for those the resumer first looks for the command's deterministic id among the
 * profile's events before sending it again. Exposed as `customers.bulk`.
 * @example
 * await customers.bulk.run({ operation: { kind: "addTags", tags: "vip" }, selection: { ids } }, anna);
 */
export const createBulk = (deps: BulkDeps): Bulk => {
  const { store, clock } = deps;
  const chunkSize = deps.chunkSize ?? 1000;

  const event = (type: string, data: object, principal: Principal, bulkId: string) =>
    eventOf(type, data, { actor: principal.actor, correlationId: bulkId, at: clock.now() });

  const load = async (bulkId: string) => {
    const run = await readBulkRun(store, bulkId);
    if (!run) {
      throw new ClienteleError("VALIDATION_FAILED", `There is no bulk run ${bulkId}.`, {
        fields: ["bulkId"],
        bulkId,
      });
    }
    return run;
  };

  const drive = async (run: BulkRun, principal: Principal, options: BulkRunOptions) => {
    authorize(principal, bulkPermission(run.operation), `Bulk ${run.operation.kind}`);
    // Each profile's events are attributed to whoever asked for the run, whoever resumes it.
    const asRequester: Principal = { actor: run.requestedBy, permissions: principal.permissions };
    const concurrency = options.concurrency ?? 16;
    let revision = run.revision;
    const append = async (type: string, data: Record<string, unknown>) => {
      const written = await store.appendToStream(
        bulkStreamName(run.bulkId),
        [event(type, data, principal, run.bulkId)],
        {
          expectedRevision: revision,
        },
      );
      revision = written.nextExpectedRevision;
    };

    const applyTo = async (customerId: string, inDoubt: boolean): Promise<BulkItemResult> => {
      const commandId = bulkCommandId(run.bulkId, customerId);
      if (inDoubt) {
        const events = await store.readStream(customerStreamName(customerId));
        if (events.some((e) => e.metadata.causationId === commandId))
          return { customerId, outcome: "changed" };
      }
      try {
        const result = await deps.execute(commandFor(run.operation, customerId), asRequester, {
          correlationId: run.bulkId,
          causationId: commandId,
        });
        return { customerId, outcome: result.events.length > 0 ? "changed" : "unchanged" };
      } catch (error) {
        if (!isClienteleError(error)) throw error;
        return { customerId, outcome: "failed", code: error.code, message: error.message };
      }
    };

    const { items: _items, finished: _finished, ...progress } = summarise(run);
    for (const [index, ids] of run.chunks.entries()) {
      if (run.results.has(index)) continue;
      const inDoubt = run.started.has(index);
      if (!inDoubt) await append("BulkChunkStarted", { index });
      const results = await pooled(ids, concurrency, (id) => applyTo(id, inDoubt));
      await append("BulkChunkDone", { index, results });
      run.results.set(index, results);
      for (const result of results) progress[result.outcome]++;
      progress.done += results.length;
      options.onProgress?.({ ...progress });
    }
    if (!run.finished) await append("BulkFinished", {});
    return summarise({ ...run, finished: true });
  };

  return {
    async run(input, principal, options = {}) {
      const request = parseOrThrow(bulkRequestSchema, input, "bulk request");
      authorize(principal, bulkPermission(request.operation), `Bulk ${request.operation.kind}`);
      const bulkId = request.bulkId ?? newId();
      const existing = await readBulkRun(store, bulkId);
      if (existing) return drive(existing, principal, options);
      const ids = await deps.selection.resolve(request.selection);
      const chunks = Array.from({ length: Math.ceil(ids.length / chunkSize) }, (_, i) =>
        ids.slice(i * chunkSize, (i + 1) * chunkSize),
      );
      // The selection is frozen with the request in one append: a crash leaves all or none of it.
      await store.appendToStream(
        bulkStreamName(bulkId),
        [
          event(
            "BulkRequested",
            { bulkId, operation: request.operation, total: ids.length },
            principal,
            bulkId,
          ),
          ...chunks.map((chunk, index) =>
            event("BulkSelectionChunk", { index, ids: chunk }, principal, bulkId),
          ),
        ],
        { expectedRevision: "no_stream" },
      );
      return drive(await load(bulkId), principal, options);
    },
    async resume(bulkId, principal, options = {}) {
      return drive(await load(bulkId), principal, options);
    },
    async report(bulkId, principal) {
      authorize(principal, "customers:view", "BulkReport");
      return summarise(await load(bulkId));
    },
  };
};
