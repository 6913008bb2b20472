import type { SegmentQuery } from "./ast.js";
import type { SegmentReader } from "./segmentReader.js";

/**
 * The members of `query`, one page of ids at a time, each page read only when the previous one
 * has been consumed: what the CSV export, bulk selection and membership refresh walk with.
 *
 * @example for await (const ids of memberPages(reader, query, 1000)) await lookup(ids);
 */
export async function* memberPages(
  reader: SegmentReader,
  query: SegmentQuery,
  pageSize: number,
): AsyncGenerator<readonly string[]> {
  let cursor: string | undefined;
  do {
    const page = await reader.page(query, { limit: pageSize, cursor });
    yield page.ids;
    cursor = page.cursor;
  } while (cursor !== undefined);
}
