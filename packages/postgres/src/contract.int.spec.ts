import { randomBytes } from "node:crypto";
import { cp } from "node:fs/promises";
import { describeEventStoreContract } from "@clientele/core/contract";
import { PGlite } from "@electric-sql/pglite";
import { afterAll } from "vitest";
import { createTempDir, createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPGliteEventStore, getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();

// One database for the run, one fresh schema per store: the suite gets an empty store each time
// without paying for CREATE DATABASE per test.
const database = reachable ? await createTestDatabase() : undefined;
// initdb in WASM takes seconds; each PGlite store starts from a copy of one initialised directory.
const template = await createTempDir();
await (await PGlite.create(template.path)).close();

afterAll(async () => {
  await database?.drop();
  await template.remove();
});

describeEventStoreContract(
  "PostgreSQL",
  async () => {
    const store = getPostgresEventStore({
      connectionString: database?.url as string,
      schema: `contract_${randomBytes(4).toString("hex")}`,
      pollIntervalMs: 50,
    });
    return { store, teardown: () => store.close() };
  },
  database ? {} : { skipReason: "no PostgreSQL at CLIENTELE_TEST_POSTGRES_URL" },
);

describeEventStoreContract("PGlite", async () => {
  const dir = await createTempDir();
  await cp(template.path, dir.path, { recursive: true });
  const store = getPGliteEventStore({ dataDir: dir.path, pollIntervalMs: 50 });
  return {
    store,
    async teardown() {
      await store.close();
      await dir.remove();
    },
  };
});
