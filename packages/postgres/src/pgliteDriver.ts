import { PGlite } from "@electric-sql/pglite";
import type { SqlDriver, SqlExecutor } from "./sqlDriver.js";

/**
 * A `SqlDriver` over PGlite (PostgreSQL compiled to WASM, one connection). PGlite lets a plain
 * query run between two statements of an open transaction, so every call goes through one queue:
 * a transaction runs alone, start to finish.
 */
export const getPGliteDriver = (dataDir: string): SqlDriver => {
  const database = PGlite.create(dataDir);
  // Opening starts now; a failure (unreadable directory...) surfaces on the first call instead
  // of as an unhandled rejection.
  database.catch(() => undefined);
  let queue: Promise<unknown> = Promise.resolve();

  const serially = <T>(work: (db: PGlite) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => work(await database));
    queue = next.catch(() => undefined);
    return next;
  };

  const executor = (db: Pick<PGlite, "query">): SqlExecutor => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(text, params as unknown[])).rows;
    },
  });

  return {
    query: (text, params) => serially((db) => executor(db).query(text, params)),

    transaction: (work) =>
      serially(async (db) => {
        try {
          return await db.transaction((tx) => work(executor(tx)));
        } catch (error) {
          await db.query("SELECT pg_advisory_unlock_all()");
          throw error;
        }
      }),

    listen: (channel, onNotify) =>
      serially(async (db) => {
        const unlisten = await db.listen(channel, onNotify);
        return () => serially(() => unlisten());
      }),

    close: () => serially(async (db) => db.close()),
  };
};
