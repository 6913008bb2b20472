import { randomBytes } from "node:crypto";
import { describeRawBytesScan } from "@clientele/core/privacy-contract";
import pg from "pg";
import { afterAll } from "vitest";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";
import { getPostgresEventStore } from "./index.js";

const database = (await serverReachable()) ? await createTestDatabase() : undefined;
afterAll(async () => {
  await database?.drop();
});

describeRawBytesScan(
  "raw-bytes scan: PostgreSQL store",
  async () => {
    const schema = `scan_${randomBytes(4).toString("hex")}`;
    const url = database?.url as string;
    const store = getPostgresEventStore({ connectionString: url, schema, pollIntervalMs: 50 });
    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    return {
      store,
      // Every row of the events table as PostgreSQL prints it: stream names, data, metadata.
      async rawText() {
        const { rows } = await reader.query<{ row: string }>(
          `SELECT e::text AS row FROM "${schema}".clientele_events e ORDER BY global_position`,
        );
        return rows.map((r) => r.row).join("\n");
      },
      async teardown() {
        await reader.end();
        await store.close();
      },
    };
  },
  database ? {} : { skipReason: "no PostgreSQL at CLIENTELE_TEST_POSTGRES_URL" },
);
