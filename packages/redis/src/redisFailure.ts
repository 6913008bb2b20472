import { ClienteleError, type ErrorCode } from "@clientele/core";

/**
 * Runs one Redis call and turns whatever ioredis throws (a ReplyError, a closed connection,
 * exhausted retries) into a ClienteleError with `code`, keeping Redis' words in `details.cause`.
 */
export const redisCall = async <T>(
  code: ErrorCode & `${string}_UNAVAILABLE`,
  operation: string,
  call: () => Promise<T>,
): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new ClienteleError(
      code,
      `Redis failed to ${operation}: ${cause}. Check that it is running and reachable, then retry.`,
      { operation, cause },
    );
  }
};
