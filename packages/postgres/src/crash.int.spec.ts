import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, serverReachable } from "../test/testDatabase.js";

const reachable = await serverReachable();
const writer = fileURLToPath(new URL("../test/crashWriter.mjs", import.meta.url));
const batchSize = 5_000;

describe.skipIf(!reachable)("PostgreSQL when the writing process dies mid-append", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("keeps each batch whole or absent after SIGKILL", async () => {
    const url = new URL(database.url);
    url.searchParams.set("application_name", "clientele-crash-writer");
    const child = spawn(process.execPath, [writer, url.toString(), String(batchSize)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Kill once at least one batch committed and the next INSERT is running on the server.
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      for (;;) {
        const active = await admin.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE application_name = 'clientele-crash-writer' AND query LIKE 'INSERT%' AND state = 'active'`,
        );
        if (active.rowCount) break;
      }
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      expect(await exited).toBeNull();
      // The server notices the dead client and aborts its transaction.
      for (;;) {
        const left = await admin.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'clientele-crash-writer'",
        );
        if (!left.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const counts = await admin.query<{ stream_name: string; n: number }>(
        "SELECT stream_name, count(*)::int AS n FROM clientele_events GROUP BY stream_name",
      );
      expect(counts.rows.length).toBeGreaterThan(0);
      for (const row of counts.rows) expect(row.n).toBe(batchSize);
      const positions = await admin.query<{ revisions_ok: boolean }>(
        `SELECT bool_and(max_revision = $1 - 1) AS revisions_ok FROM (
           SELECT max(revision) AS max_revision FROM clientele_events GROUP BY stream_name) AS s`,
        [batchSize],
      );
      expect(positions.rows[0]?.revisions_ok).toBe(true);
    } finally {
      child.kill("SIGKILL");
      await admin.end();
    }
  });
});
