/**
 * What a key store knows about one subject's data key. `destroyed` is final: the key is gone and
 * the store remembers that it was, so old ciphertext reads as a placeholder and no new key is
 * ever minted for that subject. `missing` means the store never held a key for the subject.
 */
export type DataKeyLookup =
  | { status: "active"; key: Uint8Array }
  | { status: "destroyed" }
  | { status: "missing" };

/**
 * Per-subject (per-customer) data keys for crypto-shredding, kept outside the event store.
 * Adapters: `getInMemoryKeyStore()` here, `getRedisKeyStore()` in `@clientele/redis`.
 *
 * @example
 * const found = await keyStore.getOrCreate("cus_01J...");
 * if (found.status === "active") encrypt(found.key, ...);
 */
export interface KeyStore {
  /**
   * The subject's key, minting a random 256-bit one on first use. Concurrent callers agree on one
   * key. A destroyed subject stays destroyed: `{ status: "destroyed" }`, never a new key.
   */
  getOrCreate(subjectId: string): Promise<Exclude<DataKeyLookup, { status: "missing" }>>;
  /** The subject's key if it has one; never mints. */
  get(subjectId: string): Promise<DataKeyLookup>;
  /** Forgets the key for good and remembers that it did. Idempotent. */
  destroy(subjectId: string): Promise<void>;
}

/** AES-256 keys are 32 bytes. */
export const dataKeyBytes = 32;
