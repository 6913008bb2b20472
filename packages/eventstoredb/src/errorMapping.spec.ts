import { ClienteleError } from "@clientele/core";
import {
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { toClienteleError } from "./errorMapping.js";

type ServiceErrorArg = ConstructorParameters<typeof NotLeaderError>[0];

const serviceError = (message: string, metadata: Record<string, string> = {}) =>
  // The client's errors wrap a gRPC ServiceError; only these members are read.
  ({
    message,
    code: 14,
    details: message,
    metadata: { getMap: () => metadata },
  }) as unknown as ServiceErrorArg;

const mapped = (error: unknown, context = {}) => {
  const result = toClienteleError(error, context);
  expect(result).toBeInstanceOf(ClienteleError);
  return result as ClienteleError;
};

describe("toClienteleError", () => {
  it("maps a wrong expected version to CONCURRENCY_CONFLICT with the caller's stream and expectation", () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: "shop1-clientele-customer-1",
      expected: 3n,
      current: 5n,
    });
    const result = mapped(error, { stream: "clientele-customer-1", expected: 3 });
    expect(result.code).toBe("CONCURRENCY_CONFLICT");
    expect(result.details).toEqual({ stream: "clientele-customer-1", expected: 3, actual: 5 });
  });

  it("reports a missing stream as actual no_stream and falls back to the client's names", () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: "clientele-customer-2",
      expected: "stream_exists",
      current: "no_stream",
    });
    expect(mapped(error).details).toEqual({
      stream: "clientele-customer-2",
      expected: "stream_exists",
      actual: "no_stream",
    });
  });

  it("maps a deleted stream to STREAM_DELETED", () => {
    const result = mapped(StreamDeletedError.fromStreamName("clientele-customer-3"));
    expect(result.code).toBe("STREAM_DELETED");
    expect(result.details).toEqual({ stream: "clientele-customer-3" });
  });

  it("maps a follower refusing a write to NOT_LEADER, naming the leader", () => {
    const error = new NotLeaderError(
      serviceError("Leader info available", {
        "leader-endpoint-host": "node2",
        "leader-endpoint-port": "2113",
      }),
    );
    const result = mapped(error);
    expect(result.code).toBe("NOT_LEADER");
    expect(result.details).toEqual({ leader: { address: "node2", port: 2113 } });
    expect(result.message).toContain("nodePreference=leader");
  });

  it("maps an unreachable server to EVENT_STORE_UNAVAILABLE", () => {
    const result = mapped(new UnavailableError(serviceError("14 UNAVAILABLE: No connection")));
    expect(result.code).toBe("EVENT_STORE_UNAVAILABLE");
    expect(result.message).toContain("No connection");
  });

  it("maps an append over the server's MaxAppendSize to VALIDATION_FAILED with the limit", () => {
    const result = mapped(new MaxAppendSizeExceededError(undefined, 1_048_576), {
      stream: "clientele-customer-4",
    });
    expect(result.code).toBe("VALIDATION_FAILED");
    expect(result.details).toEqual({ fields: ["events"], limit: 1_048_576 });
    expect(result.message).toContain("clientele-customer-4");
  });

  it("returns errors with no port meaning unchanged", () => {
    const bug = new TypeError("boom");
    expect(toClienteleError(bug)).toBe(bug);
  });
});

describe("toClienteleError on bare gRPC errors", () => {
  it("maps a gRPC UNAVAILABLE status the client did not wrap", () => {
    const bare = Object.assign(new Error("14 UNAVAILABLE: No connection established"), {
      code: 14,
      details: "No connection established",
    });
    expect(mapped(bare).code).toBe("EVENT_STORE_UNAVAILABLE");
  });
});
