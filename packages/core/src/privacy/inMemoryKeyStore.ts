import { randomBytes } from "node:crypto";
import { type DataKeyLookup, dataKeyBytes, type KeyStore } from "./keyStore.js";

/**
 * Keys in process memory: the embedded default, paired with the in-memory event store (both die
 * with the process). Never pair it with a durable event store: after a restart every encrypted
 * field would be unreadable (reads fail with DATA_KEY_MISSING rather than guess).
 *
 * @example
 * const store = withCryptoShredding(getInMemoryEventStore(), { keyStore: getInMemoryKeyStore() });
 */
export const getInMemoryKeyStore = (): KeyStore => {
  const keys = new Map<string, Uint8Array | "destroyed">();
  const lookup = (subjectId: string): DataKeyLookup => {
    const held = keys.get(subjectId);
    if (held === undefined) return { status: "missing" };
    return held === "destroyed" ? { status: "destroyed" } : { status: "active", key: held };
  };
  return {
    async getOrCreate(subjectId) {
      const found = lookup(subjectId);
      if (found.status !== "missing") return found;
      const key = randomBytes(dataKeyBytes);
      keys.set(subjectId, key);
      return { status: "active", key };
    },
    async get(subjectId) {
      return lookup(subjectId);
    },
    async destroy(subjectId) {
      // Not zeroed in place: a write in flight may still hold the buffer, and encrypting with a
      // zeroed key would leave readable ciphertext behind. Dropping the reference is enough.
      keys.set(subjectId, "destroyed");
    },
  };
};
