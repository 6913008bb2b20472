import { ClienteleError, type ExpectedRevision } from "@clientele/core";
import {
  convertToCommandError,
  isCommandError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";

/** What the adapter was doing when the client failed, in the port's own terms. */
export interface FailureContext {
  /** The stream as the caller named it (without the store's `streamPrefix`). */
  stream?: string;
  expected?: ExpectedRevision;
}

/** gRPC status 14: the channel could not reach the server. */
const grpcUnavailable = 14;

const fromClientRevision = (revision: bigint | string): number | string =>
  typeof revision === "bigint" ? Number(revision) : revision;

/**
 * Turns an `@eventstore/db-client` error into the ClienteleError the port promises, so callers
 * switch on one set of codes whichever store is behind it. Errors with no port meaning (bugs,
 * access denied...) are returned unchanged.
 *
 * @example
 * try { await client.appendToStream(name, events) } catch (e) { throw toClienteleError(e, { stream }) }
 */
export const toClienteleError = (raw: unknown, context: FailureContext = {}): unknown => {
  // Some client paths (batch append) reject with the bare gRPC error instead of a CommandError.
  const error = raw instanceof Error && !isCommandError(raw) ? convertToCommandError(raw) : raw;
  if (error instanceof WrongExpectedVersionError) {
    const stream = context.stream ?? error.streamName;
    const expected = context.expected ?? fromClientRevision(error.expectedVersion);
    const actual = fromClientRevision(error.actualVersion);
    return new ClienteleError(
      "CONCURRENCY_CONFLICT",
      `Stream ${stream} was expected at ${String(expected)} but is at ${String(actual)}. Reload it and retry.`,
      { stream, expected, actual },
    );
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new ClienteleError(
      "VALIDATION_FAILED",
      `The append to ${context.stream ?? "the stream"} is larger than the server's MaxAppendSize (${error.maxAppendSize} bytes). Append fewer events at a time, or raise MaxAppendSize on the server.`,
      { fields: ["events"], limit: error.maxAppendSize },
    );
  }
  if (error instanceof StreamDeletedError) {
    const stream = context.stream ?? error.streamName;
    return new ClienteleError(
      "STREAM_DELETED",
      `Stream ${stream} was deleted in EventStoreDB; it cannot be read or written again.`,
      { stream },
    );
  }
  if (error instanceof NotLeaderError) {
    return new ClienteleError(
      "NOT_LEADER",
      `The EventStoreDB node is not the leader; writes must go to ${error.leader.address}:${error.leader.port}. Use nodePreference=leader in the connection string.`,
      { leader: { ...error.leader } },
    );
  }
  if (
    error instanceof UnavailableError ||
    (error as { code?: unknown })?.code === grpcUnavailable
  ) {
    return new ClienteleError(
      "EVENT_STORE_UNAVAILABLE",
      `EventStoreDB is unreachable (${(error as Error).message}). Check the connection string and that the cluster is up; the operation can be retried.`,
    );
  }
  return error;
};
