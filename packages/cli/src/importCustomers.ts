import { once } from "node:events";
import { createReadStream, createWriteStream, statSync } from "node:fs";
import { ClienteleError, type Customers, type Principal } from "@clientele/core";
import { CsvError, parse } from "csv-parse";
import { csvRecord } from "./csvRecord.js";
import { importIdOf, rowCustomerId } from "./importIds.js";
import { importRow, type RowOutcome } from "./importRow.js";
import type { ProgressView } from "./progress.js";
import { checkHeader } from "./shopifyColumns.js";
import type { ShopifyRow } from "./shopifyRow.js";

export interface ImportOptions {
  customers: Customers;
  principal: Principal;
  path: string;
  overwrite?: boolean;
  /** Where the per-row report goes (CSV). */
  reportPath?: string;
  progress?: ProgressView;
  /** Rows in flight at once; rows sharing an email or phone never overlap. Default 8. */
  concurrency?: number;
}

export interface ImportSummary {
  importId: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

const reportHeader = ["Row", "Outcome", "Customer ID", "Code", "Message"];

/** The keys two rows must not be applied concurrently for: the first in the file must win. */
const contactKeys = (record: ShopifyRow) =>
  [record.Email?.trim().toLowerCase(), record.Phone?.replace(/[\s()-]/g, "")].filter(
    (key): key is string => Boolean(key),
  );

const invalidCsv = (error: CsvError) =>
  new ClienteleError("VALIDATION_FAILED", `The file is not valid CSV: ${error.message}`, {
    fields: ["file"],
    csvCode: error.code,
  });

/**
 * Imports a Shopify customer CSV, streamed: records are parsed and applied as they are read, so
 * memory holds a window of rows whatever the file's size. The header is checked before anything
 * is written. Each row gets its derived id (`rowCustomerId`), which makes a re-run, or a run
 * after a crash, apply every row exactly once.
 */
export const importCustomers = async (options: ImportOptions): Promise<ImportSummary> => {
  const importId = await importIdOf(options.path);
  const totalBytes = statSync(options.path).size;
  const input = createReadStream(options.path);
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true }));
  const report = options.reportPath ? createWriteStream(options.reportPath) : undefined;
  report?.write(csvRecord(reportHeader));
  const summary: ImportSummary = {
    importId,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
  };
  const concurrency = options.concurrency ?? 8;
  const deps = {
    customers: options.customers,
    principal: options.principal,
    overwrite: Boolean(options.overwrite),
  };
  const inFlight = new Map<number, Promise<RowOutcome>>();
  const busyKeys = new Map<string, Promise<RowOutcome>>();
  const finished = new Map<number, RowOutcome>();
  let nextToReport = 1;

  const record = async (outcome: RowOutcome) => {
    finished.set(outcome.row, outcome);
    for (let done = finished.get(nextToReport); done; done = finished.get(nextToReport)) {
      finished.delete(nextToReport);
      nextToReport++;
      summary[done.outcome]++;
      if (
        report?.write(
          csvRecord([done.row, done.outcome, done.customerId, done.code, done.message]),
        ) === false
      )
        await once(report, "drain");
    }
  };

  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!header) {
        checkHeader(cells);
        header = cells;
        continue;
      }
      row++;
      const current = row;
      const columns = header;
      const fields: ShopifyRow = {};
      columns.forEach((column, index) => {
        (fields as Record<string, string | undefined>)[column] = cells[index];
      });
      const keys = contactKeys(fields);
      const waitFor = keys.map((key) => busyKeys.get(key)).filter(Boolean);
      const work = (async () => {
        await Promise.all(waitFor);
        if (cells.length !== columns.length) {
          return {
            row: current,
            outcome: "failed",
            code: "VALIDATION_FAILED",
            message: `The record has ${cells.length} fields; the header has ${columns.length}.`,
          } satisfies RowOutcome;
        }
        return importRow(deps, current, rowCustomerId(importId, current), fields);
      })();
      inFlight.set(current, work);
      for (const key of keys) busyKeys.set(key, work);
      work.then(async (outcome) => {
        inFlight.delete(current);
        for (const key of keys) if (busyKeys.get(key) === work) busyKeys.delete(key);
        summary.rows++;
        await record(outcome);
      });
      if (inFlight.size >= concurrency) await Promise.race(inFlight.values());
      options.progress?.update({ rows: summary.rows, bytes: input.bytesRead, totalBytes });
    }
    await Promise.all(inFlight.values());
    // `record` runs after each settles; give the last callbacks their turn.
    while (nextToReport <= row) await new Promise((resolve) => setImmediate(resolve));
    if (!header) {
      throw new ClienteleError("VALIDATION_FAILED", "The file is empty: no header row.", {
        fields: ["header"],
      });
    }
  } catch (error) {
    if (error instanceof CsvError) throw invalidCsv(error);
    throw error;
  } finally {
    input.destroy();
    options.progress?.stop({ rows: summary.rows, bytes: totalBytes, totalBytes });
    if (report) {
      report.end();
      await once(report, "finish");
    }
  }
  return summary;
};
