import { type Bulk, createBulk } from "../bulk/bulk.js";
import { type CustomerSelection, storeSelection } from "../bulk/selection.js";
import { type Clock, systemClock } from "../clock.js";
import {
  type CustomerCommand,
  type CustomerEventType,
  type CustomerState,
  commandPermissions,
  commutes,
  customerCommandSchema,
  customerEventSchemaVersion,
  customerStreamName,
  decide,
  evolve,
  foldCustomerEvents,
  initialCustomerState,
  newCustomerId,
} from "../customer/index.js";
import {
  defaultErasurePeriods,
  type ErasurePeriods,
  erasureDueAt,
} from "../customer/rules/erasure.js";
import { createDataRequests, type DataRequests } from "../dataRequests/dataRequests.js";
import {
  type ErasureRun,
  type OnPersonalDataErased,
  processDueErasures,
} from "../erasure/processor.js";
import { scheduleErasure } from "../erasure/schedule.js";
import { ClienteleError, isClienteleError } from "../errors.js";
import type { EventStore, RecordedEvent } from "../eventStore/eventStore.js";
import { authorize, type Principal, systemPrincipal } from "../handling/authorize.js";
import { cachedStreamLoader } from "../handling/cachedStreamLoader.js";
import {
  createCommandHandler,
  type HandleOptions,
  type HandleResult,
} from "../handling/handleCommand.js";
import {
  createReservations,
  normaliseReserved,
  type ReservationContext,
  type ReservedKind,
  type UniquenessSecret,
} from "../handling/reservations.js";
import type { LoadedStream, StreamLoader } from "../handling/streamLoader.js";
import { createMerges, type Merges } from "../merge/merges.js";
import type { MergeRunnerDeps } from "../merge/runner.js";
import { newId } from "../metadata.js";
import type { KeyStore } from "../privacy/keyStore.js";
import { redactedPlaceholder } from "../privacy/placeholder.js";
import { authorizeCustomerCommand, mergedAwayPrincipal } from "../selfService/customerPrincipal.js";
import { foldEvents } from "../snapshots/foldStreamLoader.js";
import { parseOrThrow } from "../validation.js";
import { customerDecider } from "./customerDecider.js";
import { destroyKeysOnErasure } from "./hooks/destroyKeys.js";
import { historyWithAbsorbed, subjectsOf } from "./mergedHistory.js";
import type { CustomerHistory, ExecuteCustomerCommand, LoadCustomer } from "./ports.js";
import { resolvePrivacy } from "./privacyDefaults.js";

export interface CustomersOptions {
  /** Default: a fresh in-memory store (with crypto-shredding on an in-memory key store). */
  store?: EventStore;
  /**
   * Where each customer's data key lives; personal fields are then encrypted in the store and
   * shredded on redaction or deletion (docs/privacy.md). Default: an in-memory key store when
   * `store` is omitted. With your own store pass a durable one (`getRedisKeyStore` from
   * `@clientele/redis`), or `false` to store personal data as given.
   */
  keyStore?: KeyStore | false;
  /**
   * The HMAC key of email/phone uniqueness keys, 16+ random bytes, stable for the store's
   * lifetime. Default: random when `store` is omitted (it dies with the in-memory store).
   */
  uniquenessSecret?: UniquenessSecret;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: the last states of 10,000 recent profiles cached, the tail of each stream folded on load. */
  loader?: StreamLoader<CustomerState>;
  /** Lost append races retried when the winner's events commute. Default 25. */
  maxRetries?: number;
  /** Age after which a reservation whose profile never appeared may be reclaimed. Default 5 minutes. */
  orphanGraceMs?: number;
  /** How long erasure requests wait (privacy.md). Default 10 days / 6 months after the last order. */
  erasurePeriods?: ErasurePeriods;
  /**
   * Called once a profile's personal data is erased (redacted or deleted), with every profile id
   * whose stream holds that person's data; crypto-shredding destroys their keys here. Must be
   * idempotent: the erasure processor calls it again for a redaction whose settlement a crash
   * interrupted.
   */
  onPersonalDataErased?: OnPersonalDataErased;
  /** Resolves bulk selections (`{ ids }`, `{ all: true }`). Default: `storeSelection(store)`. */
  selection?: CustomerSelection;
  /** Profiles per recorded chunk of a bulk run. Default 1,000. */
  bulkChunkSize?: number;
  /** Called after each durable write of a merge; the crash-injection seam of the merge crash test. */
  afterMergeWrite?: MergeRunnerDeps["afterWrite"];
}

export interface Customers extends ExecuteCustomerCommand, LoadCustomer, CustomerHistory {
  /**
   * Runs any customer command. Email and phone are reserved store-wide before a create or update
   * (EMAIL_TAKEN / PHONE_TAKEN), released again when the command fails, and released after a change
   * or delete. An order or abandoned checkout without a `customerId` attaches to the profile owning
   * its email (else phone), or creates one with source `order` / `checkout`.
   */
  execute(
    command: unknown,
    principal: Principal,
    options?: HandleOptions,
  ): Promise<HandleResult<CustomerState>>;
  /** A profile's state and revision; needs customers:view. CUSTOMER_NOT_FOUND when there is none. */
  load(customerId: string, principal: Principal): Promise<LoadedStream<CustomerState>>;
  /**
   * Every recorded event of a profile and, recursively, of the profiles merged into it, in the
   * order they were stored; each event's `streamName` says whose it is. Needs customers:view.
   */
  history(customerId: string, principal: Principal): Promise<RecordedEvent[]>;
  /** The email or phone owner, for lookups such as attaching an order. Needs customers:view. */
  ownerOf(kind: ReservedKind, value: string, principal: Principal): Promise<string | undefined>;
  /** Merging profiles: `merge`, `preview`, `resumeMerges` (needs customers:merge). */
  readonly merges: Merges;
  /** Bulk tag, field edit and delete over a selection; resumable after a crash. */
  readonly bulk: Bulk;
  /** Customer data requests and their JSON export (needs customers:request_data). */
  readonly dataRequests: DataRequests;
  /**
   * Redacts every profile whose erasure request is due, for a scheduler or a CLI; safe to run
   * twice or concurrently. Runs as the system.
   */
  processDueErasures(): Promise<ErasureRun>;
  readonly store: EventStore;
}

const eraser = systemPrincipal("erasure processor");

const reservedKinds: readonly ReservedKind[] = ["email", "phone"];

/** Commands after which the profile holds no personal data (and so no email or phone). */
const closes = (command: CustomerCommand) =>
  command.type === "DeleteCustomer" || command.type === "RedactCustomer";

type Contact = { [kind in ReservedKind]?: string | null | undefined };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The customer service: the command handler for customer streams plus store-wide uniqueness of
 * email and phone, with the in-memory store as the embedded default.
 *
 * @example
 * const customers = createCustomers();
 * const anna = staffPrincipal("anna", ["customers:edit", "customers:view"]);
 * await customers.execute({ type: "CreateCustomer", customerId: newCustomerId(), source: "manual", email: "a@b.co" }, anna);
 */
export const createCustomers = (options: CustomersOptions = {}): Customers => {
  const { store, keyStore, uniquenessSecret } = resolvePrivacy(options);
  const onPersonalDataErased = destroyKeysOnErasure(
    keyStore || undefined,
    options.onPersonalDataErased,
  );
  const clock = options.clock ?? systemClock;
  const loader = options.loader ?? cachedStreamLoader(customerDecider);
  const erasurePeriods = options.erasurePeriods ?? defaultErasurePeriods;
  const handle = createCommandHandler({
    store,
    decider: {
      ...customerDecider,
      decide: (command, state, context) => decide(command, state, { ...context, erasurePeriods }),
    },
    streamName: (command) => customerStreamName(command.customerId),
    permissionFor: (command) => commandPermissions[command.type],
    authorizeFor: authorizeCustomerCommand,
    commutes,
    // `run` is the handler's only caller and always hands it a command `execute` or `attach`
    // already parsed with customerCommandSchema: parsing it a second time would only cost time.
    parse: (command) => command as CustomerCommand,
    clock,
    loader,
    maxRetries: options.maxRetries ?? 25,
    schemaVersionFor: (type) => customerEventSchemaVersion[type as CustomerEventType] ?? 1,
    describe: (command) => `Customer ${command.customerId}`,
  });
  const holds = async (customerId: string, kind: ReservedKind, value: string) => {
    const { state, revision } = await loader.load(store, customerStreamName(customerId));
    const held = state[kind];
    return (
      revision >= 0 &&
      state.status !== "deleted" &&
      held !== null &&
      normaliseReserved(kind, held) === normaliseReserved(kind, value)
    );
  };
  const reservations = createReservations({
    store,
    secret: uniquenessSecret,
    clock,
    ownerStreamName: customerStreamName,
    // A profile that changed, cleared or deleted the value no longer holds it, even if a crash
    // stopped the release that should have followed.
    ownerHolds: (ownerId, kind, value) => holds(ownerId, kind, value),
    orphanGraceMs: options.orphanGraceMs ?? 5 * 60_000,
  });

  /** The profile as it was just before `firstRevision`, to know which values a change freed. */
  const stateBefore = async (customerId: string, firstRevision: number) => {
    const events = await store.readStream(customerStreamName(customerId), {
      maxCount: firstRevision,
    });
    return foldEvents(evolve, initialCustomerState, events, foldCustomerEvents);
  };

  /** Reserves every value the command sets; undoes what it took if a later one is taken. */
  const reserveContact = async (
    customerId: string,
    contact: Contact,
    context: ReservationContext,
  ) => {
    const taken: [ReservedKind, string][] = [];
    try {
      for (const kind of reservedKinds) {
        const value = contact[kind];
        if (typeof value !== "string") continue;
        if (await reservations.reserve(kind, value, customerId, context)) taken.push([kind, value]);
      }
    } catch (error) {
      await releaseAll(customerId, taken, context);
      throw error;
    }
    return taken;
  };

  const releaseAll = async (
    customerId: string,
    values: readonly [ReservedKind, string][],
    context: ReservationContext,
  ) => {
    for (const [kind, value] of values)
      await reservations.release(kind, value, customerId, context);
  };

  /**
   * Undoes the reservations of a failed command, except those the profile holds anyway: when two
   * writers birth one profile, the loser must not free the value the winner just stored.
   */
  const releaseUnheld = async (
    customerId: string,
    taken: readonly [ReservedKind, string][],
    context: ReservationContext,
  ) => {
    const unheld: [ReservedKind, string][] = [];
    for (const [kind, value] of taken) {
      if (!(await holds(customerId, kind, value))) unheld.push([kind, value]);
    }
    await releaseAll(customerId, unheld, context);
  };

  /** The email and phone a command would put on the profile, to reserve before deciding. */
  const contactOf = async (command: CustomerCommand): Promise<Contact> => {
    switch (command.type) {
      case "CreateCustomer":
      case "UpdateCustomer":
        return { email: command.email, phone: command.phone };
      // An order or checkout gives its contact to the profile only when it gives birth to it.
      case "RecordOrder":
      case "RecordAbandonedCheckout": {
        const existing = await store.readStream(customerStreamName(command.customerId), {
          maxCount: 1,
        });
        return existing.length === 0 ? { email: command.email, phone: command.phone } : {};
      }
      default:
        return {};
    }
  };

  /**
   * The values a successful change or delete stopped using. `known` is the profile as read before
   * the command: after a delete its key is shredded, so re-reading the store shows placeholders.
   */
  const freedBy = async (
    command: CustomerCommand,
    firstRevision: number,
    contact: Contact,
    known?: LoadedStream<CustomerState>,
  ) => {
    const before =
      known?.revision === firstRevision - 1
        ? known.state
        : await stateBefore(command.customerId, firstRevision);
    return reservedKinds.flatMap((kind): [ReservedKind, string][] => {
      const old = before[kind];
      // A placeholder means a concurrent change slipped in: the orphan reclaim frees that value.
      if (old === null || old === redactedPlaceholder) return [];
      const now = closes(command) ? null : contact[kind];
      if (now === undefined) return [];
      return now !== null && normaliseReserved(kind, now) === normaliseReserved(kind, old)
        ? []
        : [[kind, old]];
    });
  };

  const run = async (
    command: CustomerCommand,
    principal: Principal,
    handleOptions: HandleOptions,
  ): Promise<HandleResult<CustomerState>> => {
    authorizeCustomerCommand(principal, command);
    await refuseMergedAwayPrincipal(command, principal);
    const context: ReservationContext = { actor: principal.actor, ...handleOptions };
    await scheduleIfRequested(command, principal);
    const contact = await contactOf(command);
    const taken = await reserveContact(command.customerId, contact, context);
    const known = closes(command)
      ? await loader.load(store, customerStreamName(command.customerId))
      : undefined;
    let result: HandleResult<CustomerState>;
    try {
      result = await handle(command, principal, handleOptions);
    } catch (error) {
      await releaseUnheld(command.customerId, taken, context);
      if (principal.actor.kind === "customer" && isClienteleError(error, "CUSTOMER_MERGED"))
        throw mergedAwayPrincipal(principal, String(error.details.survivorId));
      throw error;
    }
    const first = result.events[0];
    if (!first) {
      await releaseUnheld(command.customerId, taken, context);
    } else if (command.type === "UpdateCustomer" || closes(command)) {
      await releaseAll(
        command.customerId,
        await freedBy(command, first.revision, contact, known),
        context,
      );
    }
    if (first && closes(command)) await erased(command.customerId, result.state);
    return result;
  };

  /** Before anything is reserved: a merged-away customer's principal writes nothing at all. */
  const refuseMergedAwayPrincipal = async (command: CustomerCommand, principal: Principal) => {
    if (principal.actor.kind !== "customer") return;
    const { state } = await loader.load(store, customerStreamName(command.customerId));
    if (state.status === "merged" && state.mergedInto)
      throw mergedAwayPrincipal(principal, state.mergedInto);
  };

  const erased = async (customerId: string, state: CustomerState) => {
    if (state.status !== "redacted" && state.status !== "deleted") return;
    await onPersonalDataErased({
      customerId,
      subjectIds: await subjectsOf(store, customerId),
      reason: state.status,
    });
  };

  /**
   * An erasure request is indexed by due date before it is recorded, so the processor finds every
   * pending one without scanning profiles (erasure/schedule.ts).
   */
  const scheduleIfRequested = async (command: CustomerCommand, principal: Principal) => {
    if (command.type !== "RequestDataErasure") return;
    const { state } = await loader.load(store, customerStreamName(command.customerId));
    if (state.status !== "active" || state.redactionPending) return;
    const now = clock.now();
    const dueAt = erasureDueAt(state.orders, now, erasurePeriods).toISOString();
    await scheduleErasure(store, { customerId: command.customerId, dueAt }, principal.actor, now);
  };

  /**
   * An order or checkout without a customer id belongs to whoever owns its email (else phone);
   * when nobody does, it gives birth to a new profile (the decider records the source). Losing
   * that birth to a concurrent order with the same email attaches to the winner instead.
   */
  const attach = async (
    input: Record<string, unknown>,
    principal: Principal,
    handleOptions: HandleOptions,
  ): Promise<HandleResult<CustomerState>> => {
    authorize(principal, "system", String(input.type));
    const parsed = parseOrThrow(
      customerCommandSchema,
      { ...input, customerId: "unassigned" },
      "customer command",
    );
    if (parsed.type !== "RecordOrder" && parsed.type !== "RecordAbandonedCheckout") {
      return run(parsed, principal, handleOptions);
    }
    let owner: string | undefined;
    for (const kind of reservedKinds) {
      const value = parsed[kind];
      owner ??= value === undefined ? undefined : await reservations.ownerOf(kind, value);
    }
    if (owner !== undefined)
      return runFollowingMerges({ ...parsed, customerId: owner }, principal, handleOptions);
    try {
      return await run({ ...parsed, customerId: newCustomerId() }, principal, handleOptions);
    } catch (error) {
      if (!isClienteleError(error, "EMAIL_TAKEN") && !isClienteleError(error, "PHONE_TAKEN")) {
        throw error;
      }
      const winner = String(error.details.ownerId);
      return runFollowingMerges({ ...parsed, customerId: winner }, principal, handleOptions);
    }
  };

  /** An order for a merged profile's email belongs to the survivor it was merged into. */
  const runFollowingMerges = async (
    command: CustomerCommand,
    principal: Principal,
    handleOptions: HandleOptions,
  ): Promise<HandleResult<CustomerState>> => {
    try {
      return await run(command, principal, handleOptions);
    } catch (error) {
      if (!isClienteleError(error, "CUSTOMER_MERGED")) throw error;
      const survivorId = String(error.details.survivorId);
      return runFollowingMerges({ ...command, customerId: survivorId }, principal, handleOptions);
    }
  };

  const notFound = (customerId: string) =>
    new ClienteleError(
      "CUSTOMER_NOT_FOUND",
      `No customer ${customerId}. Check the id, or list customers to find it.`,
      { customerId },
    );

  const execute: Customers["execute"] = async (input, principal, options = {}) => {
    // One request, one correlation id: a profile born from an order shares it with the order.
    const handleOptions = { ...options, correlationId: options.correlationId ?? newId() };
    const needsOwner =
      isRecord(input) &&
      (input.type === "RecordOrder" || input.type === "RecordAbandonedCheckout") &&
      input.customerId === undefined;
    return needsOwner
      ? attach(input, principal, handleOptions)
      : run(
          parseOrThrow(customerCommandSchema, input, "customer command"),
          principal,
          handleOptions,
        );
  };

  const load: Customers["load"] = async (customerId, principal) => {
    authorize(principal, "customers:view", "LoadCustomer");
    const loaded = await loader.load(store, customerStreamName(customerId));
    if (loaded.revision === -1) throw notFound(customerId);
    return loaded;
  };

  const history: Customers["history"] = async (customerId, principal) => {
    authorize(principal, "customers:view", "CustomerHistory");
    const events = await historyWithAbsorbed(store, customerId);
    if (events.length === 0) throw notFound(customerId);
    return events;
  };

  return {
    store,
    execute,
    load,
    history,
    merges: createMerges({
      store,
      loader,
      reservations,
      clock,
      afterWrite: options.afterMergeWrite,
    }),
    dataRequests: createDataRequests({ clock, execute, load, history }),
    bulk: createBulk({
      store,
      clock,
      execute,
      selection: options.selection ?? storeSelection(store),
      chunkSize: options.bulkChunkSize,
    }),
    processDueErasures: () =>
      processDueErasures({
        store,
        loader,
        clock,
        execute: (command) => execute(command, eraser),
        subjectsOf: (customerId) => subjectsOf(store, customerId),
        onPersonalDataErased,
      }),
    async ownerOf(kind, value, principal) {
      authorize(principal, "customers:view", "LookUpCustomer");
      return reservations.ownerOf(kind, value);
    },
  };
};
