import { describeEventStoreContract } from "@clientele/core/contract";
import { createTempDir, createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPGliteEventStore, getPostgresEventStore } from "./index.js";

const reachable = await serverReachable();

describeEventStoreContract(
  "PostgreSQL",
  async () => {
    const database = await createTestDatabase();
    const store = getPostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
    return {
      store,
      async teardown() {
        await store.close();
        await database.drop();
      },
    };
  },
  reachable ? {} : { skipReason: "no PostgreSQL at CLIENTELE_TEST_POSTGRES_URL" },
);

describeEventStoreContract("PGlite", async () => {
  const dir = await createTempDir();
  const store = getPGliteEventStore({ dataDir: dir.path, pollIntervalMs: 50 });
  return {
    store,
    async teardown() {
      await store.close();
      await dir.remove();
    },
  };
});
