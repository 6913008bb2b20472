import { describeKeyStoreContract } from "@clientele/core/privacy-contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDir, createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPGliteDriver, getPgDriver, getSqlKeyStore } from "./index.js";

let schemas = 0;
const dir = await createTempDir();
const shared = getPGliteDriver(dir.path);
afterAll(async () => {
  await shared.close();
  await dir.remove();
});

// One PGlite database; each test gets its own schema: a fresh, empty key store.
describeKeyStoreContract("PGlite key store", async () => ({
  keyStore: getSqlKeyStore(shared, { schema: `keys_${++schemas}` }),
  teardown: async () => undefined,
}));

const reachable = await serverReachable();
if (!reachable)
  console.warn("PostgreSQL at 127.0.0.1:5432 is unreachable: its key store contract is skipped.");

describe.skipIf(!reachable)("PostgreSQL key store", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const drivers: ReturnType<typeof getPgDriver>[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const driver of drivers) await driver.close();
    await database?.drop();
  });
  describeKeyStoreContract("contract", async () => {
    const driver = getPgDriver({ connectionString: database.url });
    drivers.push(driver);
    return {
      keyStore: getSqlKeyStore(driver, { schema: `keys_${++schemas}` }),
      teardown: async () => undefined,
    };
  });
});

describe("SQL key store durability", () => {
  it("survives a reopen of the PGlite directory, and keeps no key bytes after destroy", async () => {
    const own = await createTempDir();
    try {
      const first = getPGliteDriver(own.path);
      const minted = await getSqlKeyStore(first).getOrCreate("cus_1");
      await getSqlKeyStore(first).getOrCreate("cus_2");
      await first.close();
      const second = getPGliteDriver(own.path);
      const keyStore = getSqlKeyStore(second);
      expect(await keyStore.get("cus_1")).toEqual(minted);
      await keyStore.destroy("cus_2");
      const rows = await second.query<{ subject_id: string; data_key: unknown }>(
        "SELECT subject_id, data_key FROM clientele_keys.data_keys ORDER BY subject_id",
      );
      expect(rows.map((row) => [row.subject_id, row.data_key === null])).toEqual([
        ["cus_1", false],
        ["cus_2", true],
      ]);
      // The keys live in their own schema, never beside the events.
      const tables = await second.query<{ table_schema: string }>(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'data_keys'",
      );
      expect(tables.map((t) => t.table_schema)).toEqual(["clientele_keys"]);
      await second.close();
    } finally {
      await own.remove();
    }
  });
});
