import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The test server; override with CLIENTELE_TEST_POSTGRES_URL (must allow CREATE DATABASE). */
export const serverUrl =
  process.env.CLIENTELE_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const withDatabase = (name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Whether the test server answers; suites skip with a reason when it does not. */
export const serverReachable = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** A fresh database of its own (never an existing one's tables), dropped by `drop()`. */
export const createTestDatabase = async () => {
  const name = `clientele_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
};

/** A temporary directory for a PGlite data dir, removed by `remove()`. */
export const createTempDir = async () => {
  const path = await mkdtemp(join(tmpdir(), "clientele-pglite-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
};
