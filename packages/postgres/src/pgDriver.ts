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
      let stopped = false;
      let client: pg.PoolClient | undefined;
      const errorHandlers = new Map<pg.PoolClient, (error: Error) => void>();
      // A connection goes back to the pool without our handlers, or they would fire for its next user.
      const detach = (connection: pg.PoolClient) => {
        connection.off("notification", onNotification);
        const onError = errorHandlers.get(connection);
        if (onError) connection.off("error", onError);
        errorHandlers.delete(connection);
      };
      const onNotification = (message: pg.Notification) => {
        if (message.channel === channel) onNotify();
      };

      const connect = async (): Promise<void> => {
        const next = await activePool.connect();
        const onError = (error: Error) => {
          detach(next);
          next.release(error);
          if (client === next) client = undefined;
          // Anything committed while the listener was down would go unnoticed until the next
          // poll: wake subscribers now, then keep trying to listen again.
          onNotify();
          void reconnect();
        };
        errorHandlers.set(next, onError);
        next.on("notification", onNotification);
        next.on("error", onError);
        try {
          await next.query(`LISTEN "${channel}"`);
        } catch (error) {
          if (errorHandlers.has(next)) {
            detach(next);
            next.release(error as Error);
          }
          throw error;
        }
        if (stopped) {
          detach(next);
          next.release();
          return;
        }
        client = next;
      };

      let reconnecting = false;
      const reconnect = async () => {
        if (reconnecting) return;
        reconnecting = true;
        for (let delay = 100; !stopped && !client; delay = Math.min(delay * 2, 5_000)) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          if (!stopped) await connect().catch(() => undefined);
        }
        reconnecting = false;
      };

      await connect();
      return async () => {
        stopped = true;
        const current = client;
        client = undefined;
        if (!current) return;
        detach(current);
        await current.query(`UNLISTEN "${channel}"`).then(
          () => current.release(),
          (error: Error) => current.release(error),
        );
      };
    },

    async close() {
      await ownedPool?.end();
    },
  };
};
