import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import {
  ClienteleError,
  type EventStore,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  type KeyStore,
} from "@clientele/core";
import { getEventStoreDBEventStore } from "@clientele/eventstoredb";
import {
  getPGliteDriver,
  getPgDriver,
  getSqlEventStore,
  getSqlKeyStore,
} from "@clientele/postgres";

/** Where the CLI keeps its events, keys and uniqueness secret. */
export interface OpenedStore {
  kind: "pglite" | "postgres" | "eventstoredb" | "memory";
  events: EventStore;
  keyStore: KeyStore;
  uniquenessSecret: Uint8Array;
  close(): Promise<void>;
}

/** The default store: a PGlite directory in the working directory, created on first use. */
export const defaultStore = "./.clientele";

/**
 * The secret that keys email/phone reservations must outlive the process; it is kept as the data
 * key of a reserved subject in the durable key store, so it needs no second storage place.
 */
const secretSubject = "clientele:uniqueness-secret";

const secretOf = async (keyStore: KeyStore): Promise<Uint8Array> => {
  const found = await keyStore.getOrCreate(secretSubject);
  if (found.status !== "active") throw new Error("the uniqueness secret was destroyed");
  return found.key;
};

const kindOf = (spec: string): OpenedStore["kind"] => {
  if (spec === "memory") return "memory";
  if (/^postgres(ql)?:\/\//.test(spec)) return "postgres";
  if (/^esdb(\+discover)?:\/\//.test(spec)) return "eventstoredb";
  return "pglite";
};

/**
 * Opens `--store`: `memory`, a `postgres://` URL, an `esdb://` connection string, or else a PGlite
 * directory. Keys live beside the events in their own schema (`clientele_keys`); EventStoreDB
 * has no place for them, so they go to the PGlite directory `keysDir`.
 *
 * @example const store = await openStore("./.clientele");
 */
export const openStore = async (spec: string, keysDir = defaultStore): Promise<OpenedStore> => {
  const kind = kindOf(spec);
  if (kind === "memory") {
    const events = getInMemoryEventStore();
    return {
      kind,
      events,
      keyStore: getInMemoryKeyStore(),
      uniquenessSecret: randomBytes(32),
      close: () => events.close(),
    };
  }
  if (kind === "eventstoredb") {
    mkdirSync(keysDir, { recursive: true });
    const keysDriver = getPGliteDriver(keysDir);
    const keyStore = getSqlKeyStore(keysDriver);
    const events = getEventStoreDBEventStore({ connectionString: spec });
    return {
      kind,
      events,
      keyStore,
      uniquenessSecret: await secretOf(keyStore),
      close: async () => {
        await events.close();
        await keysDriver.close();
      },
    };
  }
  if (kind === "pglite") mkdirSync(spec, { recursive: true });
  const driver =
    kind === "pglite" ? getPGliteDriver(spec) : getPgDriver({ connectionString: spec });
  const events = getSqlEventStore(driver, kind === "pglite" ? { label: "PGlite" } : {});
  const keyStore = getSqlKeyStore(driver);
  try {
    return {
      kind,
      events,
      keyStore,
      uniquenessSecret: await secretOf(keyStore),
      close: () => events.close(),
    };
  } catch (error) {
    await events.close().catch(() => undefined);
    throw new ClienteleError(
      "EVENT_STORE_UNAVAILABLE",
      `Cannot open the store ${kind === "postgres" ? "at the PostgreSQL URL given" : `in ${spec}`}: ${(error as Error).message}`,
      { store: kind },
    );
  }
};
