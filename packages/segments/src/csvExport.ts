import { Readable } from "node:stream";
import type { SegmentQuery } from "./ast.js";
import { memberPages } from "./memberPages.js";
import { assertPageLimit } from "./referenceSegmentReader.js";
import type { SegmentReader } from "./segmentReader.js";

/** A cell's value; `undefined` and `null` are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/** One column of the export: its header and how to read it from a looked-up row. */
export interface CsvColumn<Row> {
  header: string;
  value(row: Row): CsvValue;
}

/**
 * The port the export reads profiles through, one page of ids at a time (the directory read
 * model, a database). Ids it does not return (deleted since the page was read) are left out.
 */
export type ProfileLookup<Row> = (ids: readonly string[]) => Promise<ReadonlyMap<string, Row>>;

export interface CsvExportOptions<Row> {
  columns: readonly CsvColumn<Row>[];
  lookup: ProfileLookup<Row>;
  /** Members read and looked up at a time. Default 1,000. */
  pageSize?: number;
}

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return before one) as a
 * formula: `=HYPERLINK(...)` typed as a first name would run on the analyst's machine. OWASP's
 * advice: prefix such cells with a single quote.
 */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 cell: quoted when it holds a comma, a quote or a line break, quotes doubled;
 * text that a spreadsheet would run as a formula is prefixed with `'`. Numbers and booleans are
 * written as they are (a negative amount stays a number).
 *
 * @example csvCell('Say "hi", Ann') // "\"Say \"\"hi\"\", Ann\""
 * @example csvCell("=1+1") // "'=1+1"
 */
export const csvCell = (value: CsvValue): string => {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return String(value);
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** One CSV record with its CRLF line end. */
export const csvLine = (cells: readonly CsvValue[]): string =>
  `${cells.map(csvCell).join(",")}\r\n`;

async function* csvChunks<Row>(
  reader: SegmentReader,
  query: SegmentQuery,
  options: CsvExportOptions<Row>,
  pageSize: number,
): AsyncGenerator<string> {
  yield csvLine(options.columns.map((column) => column.header));
  for await (const ids of memberPages(reader, query, pageSize)) {
    const rows = await options.lookup(ids);
    let chunk = "";
    for (const id of ids) {
      const row = rows.get(id);
      if (row !== undefined) chunk += csvLine(options.columns.map((column) => column.value(row)));
    }
    if (chunk !== "") yield chunk;
  }
}

/**
 * The members of `query` as CSV: a header row, then one record per member in id order. The
 * stream yields strings: the header, then each page's records. Pages are read only as the
 * consumer pulls (at most one page read ahead), so memory holds a page or two whatever the
 * segment's size. Pipe it to an HTTP response or a file, or iterate it with `for await`.
 *
 * @example
 * const csv = exportSegmentCsv(reader, parseSegmentQuery("customer_tags CONTAINS 'vip'"), {
 *   columns: [{ header: "id", value: (row) => row.id }, { header: "email", value: (row) => row.email }],
 *   lookup: (ids) => directory.byIds(ids),
 * });
 * await pipeline(csv, createWriteStream("vip.csv"));
 */
export const exportSegmentCsv = <Row>(
  reader: SegmentReader,
  query: SegmentQuery,
  options: CsvExportOptions<Row>,
): Readable => {
  const pageSize = options.pageSize ?? 1000;
  assertPageLimit(pageSize);
  return Readable.from(csvChunks(reader, query, options, pageSize), { highWaterMark: 1 });
};
