/** Runs statements on one connection (or inside one open transaction). */
export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The little the event store needs from a PostgreSQL client, so one SQL code path serves a
 * server (`pg`) and an embedded database (PGlite).
 */
export interface SqlDriver extends SqlExecutor {
  /**
   * Runs `work` inside BEGIN/COMMIT on a single connection; rolls back when it throws. Session-level
   * advisory locks taken inside are released whatever the outcome, so a failed append can never
   * leave one behind on a pooled connection.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on `channel`; resolves to a function that stops listening. */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Releases every connection the driver opened. */
  close(): Promise<void>;
}
