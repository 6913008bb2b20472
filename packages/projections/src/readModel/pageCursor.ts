import { ProjectionError } from "../errors.js";

/**
 * Checks a reader's page size and cursor and returns the score to read below. Cursors are the
 * global position of the last item returned: opaque to callers, exact as a Redis score.
 *
 * @example belowCursor("Timeline", 20, page.nextCursor)
 */
export const belowCursor = (
  what: string,
  limit: number,
  before: string | undefined,
): number | undefined => {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ProjectionError(
      "INVALID_READ",
      `${what} page size must be an integer from 1 to 1000, received ${limit}.`,
      { field: "limit", received: limit },
    );
  if (before === undefined) return undefined;
  if (!/^[0-9]{1,16}$/.test(before))
    throw new ProjectionError(
      "INVALID_READ",
      `${what} cursor "${before}" is not one this reader returned; pass nextCursor as is.`,
      { field: "before", received: before },
    );
  return Number(before);
};
