import {
  customerSubjectOf,
  personalFields,
  shreddingEventTypes,
} from "../customer/personalFields.js";
import { ClienteleError } from "../errors.js";
import type { EventStore, EventToAppend, RecordedEvent } from "../eventStore/eventStore.js";
import { decryptValue, encryptValue, isEncryptedValue } from "./fieldCipher.js";
import type { DataKeyLookup, KeyStore } from "./keyStore.js";
import { mapPersonalValues, type PersonalFieldMap, somePersonalValue } from "./personalPaths.js";
import { redactedPlaceholder } from "./placeholder.js";

export interface CryptoShreddingOptions {
  keyStore: KeyStore;
  /** Which fields of which event types are personal. Default: the customer map (`personalFields`). */
  personalFields?: PersonalFieldMap;
  /** Whose key protects a stream; undefined for streams without personal data. Default: the customer id. */
  subjectOf?: (streamName: string) => string | undefined;
  /** Appending one of these destroys the subject's key. Default: CustomerRedacted, CustomerDeleted. */
  shreddingEventTypes?: readonly string[];
}

const wrapped = new WeakSet<EventStore>();

/**
 * Whether `store` already encrypts personal fields, so a caller never wraps it twice.
 * @example isCryptoShredding(withCryptoShredding(store, { keyStore })) // true
 */
export const isCryptoShredding = (store: EventStore): boolean => wrapped.has(store);

const keyMissing = (subjectId: string, streamName: string) =>
  new ClienteleError(
    "DATA_KEY_MISSING",
    `Stream ${streamName} holds personal data encrypted for ${subjectId}, but the key store has no key for it and no record of destroying one. The key store was probably replaced or lost (an in-memory key store does not survive a restart): point Clientele at the key store these events were written with.`,
    { subjectId, streamName },
  );

/**
 * Crypto-shredding as an EventStore decorator (like `withUpcasting`): appends encrypt every
 * personal field (AES-256-GCM, the subject's own data key, its id as additional authenticated
 * data); reads decrypt them, or show `[redacted]` once the key is destroyed. Everything above the
 * store (command handler, loaders, projections) sees plaintext or placeholders and never changes.
 *
 * Appending a shredding event (CustomerRedacted, CustomerDeleted) destroys the subject's key right
 * after the append succeeds; never before, so a refused append shreds nothing. A crash in between
 * leaves the key alive, and `shredClosedSubjects` (run at start-up) finishes the job. Anything
 * personal appended for a subject whose key is gone is stored as the placeholder: a shredded
 * subject never gets a new key.
 *
 * @example
 * const store = withCryptoShredding(getPostgresEventStore({ connectionString }), {
 *   keyStore: getRedisKeyStore({ client: redis }),
 * });
 * const customers = createCustomers({ store, keyStore: false, uniquenessSecret });
 */
export const withCryptoShredding = (
  store: EventStore,
  options: CryptoShreddingOptions,
): EventStore => {
  const { keyStore } = options;
  const map = options.personalFields ?? personalFields;
  const subjectOf = options.subjectOf ?? customerSubjectOf;
  const shredding = new Set(options.shreddingEventTypes ?? shreddingEventTypes);

  const seal = async (
    streamName: string,
    events: readonly EventToAppend[],
  ): Promise<readonly EventToAppend[]> => {
    const subject = subjectOf(streamName);
    const plain = (value: unknown) => !isEncryptedValue(value);
    if (subject === undefined || !events.some((e) => somePersonalValue(map, e.type, e.data, plain)))
      return events;
    const found = await keyStore.getOrCreate(subject);
    const replace =
      found.status === "active"
        ? (value: unknown) =>
            isEncryptedValue(value) ? value : encryptValue(found.key, subject, value)
        : () => redactedPlaceholder;
    return events.map((event) => {
      const data = mapPersonalValues(map, event.type, event.data, replace);
      return data === event.data ? event : { ...event, data };
    });
  };

  const opener = (subject: string, found: DataKeyLookup, streamName: string) => {
    return (value: unknown): unknown => {
      if (!isEncryptedValue(value)) return value;
      switch (found.status) {
        case "active":
          return decryptValue(found.key, subject, value);
        case "destroyed":
          return redactedPlaceholder;
        case "missing":
          throw keyMissing(subject, streamName);
      }
    };
  };

  // One key look-up per subject per read, and none for events holding no ciphertext.
  const open = async (events: RecordedEvent[]): Promise<RecordedEvent[]> => {
    const lookups = new Map<string, Promise<DataKeyLookup>>();
    const subjects = events.map((event) => {
      const subject = subjectOf(event.streamName);
      if (subject === undefined) return undefined;
      if (!somePersonalValue(map, event.type, event.data, isEncryptedValue)) return undefined;
      if (!lookups.has(subject)) lookups.set(subject, keyStore.get(subject));
      return subject;
    });
    if (lookups.size === 0) return events;
    const keys = new Map<string, DataKeyLookup>();
    for (const [subject, lookup] of lookups) keys.set(subject, await lookup);
    return events.map((event, i) => {
      const subject = subjects[i];
      if (subject === undefined) return event;
      const found = keys.get(subject) as DataKeyLookup;
      const data = mapPersonalValues(
        map,
        event.type,
        event.data,
        opener(subject, found, event.streamName),
      );
      return data === event.data ? event : { ...event, data };
    });
  };

  const decorated: EventStore = {
    async appendToStream(streamName, events, appendOptions) {
      const result = await store.appendToStream(
        streamName,
        await seal(streamName, events),
        appendOptions,
      );
      const subject = subjectOf(streamName);
      if (subject !== undefined && events.some((event) => shredding.has(event.type))) {
        await keyStore.destroy(subject);
      }
      return result;
    },
    readStream: async (streamName, readOptions) =>
      open(await store.readStream(streamName, readOptions)),
    readAll: async (readOptions) => open(await store.readAll(readOptions)),
    subscribe: (subscribeOptions, handler) =>
      store.subscribe(subscribeOptions, async (event) => {
        const [opened] = await open([event]);
        await handler(opened as RecordedEvent);
      }),
    close: () => store.close(),
  };
  wrapped.add(decorated);
  return decorated;
};
