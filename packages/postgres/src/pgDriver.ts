import pg from "pg";
import type { SqlDriver, SqlExecutor } from "./sqlDriver.js";

export interface PgDriverOptions {
  /** A pool you own: the driver borrows connections and leaves it open on `close()`. */
  pool?: pg.Pool;
  /** Used to open a pool the driver owns (and ends on `close()`) when `pool` is not given. */
  connectionString?: string;
}

const executor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
  async query<Row>(text: string, params: readonly unknown[] = []) {
    const result = await client.query(text, params as unknown[]);
    return result.rows as Row[];
  },
});

/** A `SqlDriver` over a `pg.Pool`: real parallel connections, LISTEN on a dedicated one. */
export const getPgDriver = ({ pool, connectionString }: PgDriverOptions): SqlDriver => {
  const ownedPool = pool === undefined ? new pg.Pool({ connectionString }) : undefined;
  // An idle pooled connection dropped by the server emits 'error' on the pool; unhandled, that
  // event would kill the process. The next query simply opens a new connection.
  ownedPool?.on("error", () => undefined);
  const activePool = (pool ?? ownedPool) as pg.Pool;

  return {
    ...executor(activePool),

    async transaction(work) {
      const client = await activePool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(executor(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        const cleanupError = await client
          .query("ROLLBACK")
          .then(() => client.query("SELECT pg_advisory_unlock_all()"))
          .then(
            () => undefined,
            (failure: unknown) => failure,
          );
        // A connection that cannot even roll back is destroyed rather than handed to someone else.
        client.release(cleanupError instanceof Error ? cleanupError : undefined);
        throw error;
      }
    },

    async listen(channel, onNotify) {
      const client = await activePool.connect();
      const onNotification = (message: pg.Notification) => {
        if (message.channel === channel) onNotify();
      };
      client.on("notification", onNotification);
      // A broken listener connection only costs latency: subscriptions keep polling.
      client.on("error", () => undefined);
      await client.query(`LISTEN "${channel}"`);
      return async () => {
        client.off("notification", onNotification);
        await client.query(`UNLISTEN "${channel}"`).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      };
    },

    async close() {
      await ownedPool?.end();
    },
  };
};
