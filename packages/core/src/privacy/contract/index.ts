import { describe, expect, it } from "vitest";
import { dataKeyBytes, type KeyStore } from "../keyStore.js";

export { describeRawBytesScan, type ScannedStoreFactory } from "./rawBytesScan.js";

/** A fresh, empty key store and a way to release it. */
export type KeyStoreFactory = () => Promise<{ keyStore: KeyStore; teardown(): Promise<void> }>;

const keyOf = async (keyStore: KeyStore, subject: string) => {
  const found = await keyStore.getOrCreate(subject);
  if (found.status !== "active") throw new Error(`expected an active key for ${subject}`);
  return Buffer.from(found.key).toString("hex");
};

/**
 * The promises every KeyStore adapter keeps; run it from the adapter's own spec.
 *
 * @example describeKeyStoreContract("in-memory", async () => ({ keyStore: getInMemoryKeyStore(), teardown: async () => {} }));
 */
export const describeKeyStoreContract = (name: string, factory: KeyStoreFactory): void => {
  const withStore = (test: (keyStore: KeyStore) => Promise<void>) => async () => {
    const { keyStore, teardown } = await factory();
    try {
      await test(keyStore);
    } finally {
      await teardown();
    }
  };

  describe(name, () => {
    it(
      "mints one random 256-bit key per subject and keeps returning it",
      withStore(async (keyStore) => {
        expect(await keyStore.get("cus_a")).toEqual({ status: "missing" });
        const first = await keyOf(keyStore, "cus_a");
        expect(first).toHaveLength(dataKeyBytes * 2);
        expect(await keyOf(keyStore, "cus_a")).toBe(first);
        const found = await keyStore.get("cus_a");
        expect(found.status === "active" && Buffer.from(found.key).toString("hex")).toBe(first);
        expect(await keyOf(keyStore, "cus_b")).not.toBe(first);
      }),
    );

    it(
      "hands every concurrent first caller the same key",
      withStore(async (keyStore) => {
        const keys = await Promise.all(Array.from({ length: 20 }, () => keyOf(keyStore, "cus_c")));
        expect(new Set(keys).size).toBe(1);
      }),
    );

    it(
      "destroys for good: a destroyed subject never gets a new key",
      withStore(async (keyStore) => {
        await keyOf(keyStore, "cus_d");
        await keyStore.destroy("cus_d");
        await keyStore.destroy("cus_d");
        expect(await keyStore.get("cus_d")).toEqual({ status: "destroyed" });
        expect(await keyStore.getOrCreate("cus_d")).toEqual({ status: "destroyed" });
        // Destroying a subject that never had a key still blocks one from being minted later.
        await keyStore.destroy("cus_e");
        expect(await keyStore.getOrCreate("cus_e")).toEqual({ status: "destroyed" });
        expect((await keyStore.get("cus_f")).status).toBe("missing");
      }),
    );

    it(
      "races a destroy against first use without resurrecting the key",
      withStore(async (keyStore) => {
        await Promise.all([
          ...Array.from({ length: 10 }, () => keyStore.getOrCreate("cus_g")),
          keyStore.destroy("cus_g"),
        ]);
        expect(await keyStore.getOrCreate("cus_g")).toEqual({ status: "destroyed" });
      }),
    );
  });
};
