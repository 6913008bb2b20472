import type { CustomerState } from "@clientele/core";
import { allMembers, parseSegmentQuery } from "@clientele/segments";
import type { Command } from "commander";
import { writeExport } from "../exportCustomers.js";
import { importCustomers } from "../importCustomers.js";
import { emit, note } from "../output.js";
import { isListed } from "../profiles.js";
import { progressView } from "../progress.js";
import { example, inSession } from "./run.js";

export const registerImportExport = (program: Command): void => {
  example(
    program
      .command("import")
      .description(
        "Import a Shopify customer CSV (the 17-column template), streamed, one profile per row",
      )
      .argument("<file>", "the CSV file")
      .option("--overwrite", "update profiles that already have the row's email or phone")
      .option(
        "--report <file>",
        "write the per-row report (created/updated/skipped/failed, code) as CSV",
      )
      .option("--quiet", "no progress output")
      .action(
        inSession(
          async (
            session,
            globals,
            file: string,
            options: { overwrite?: boolean; report?: string; quiet?: boolean },
          ) => {
            const summary = await importCustomers({
              customers: session.customers,
              principal: session.principal,
              path: file,
              overwrite: Boolean(options.overwrite),
              ...(options.report ? { reportPath: options.report } : {}),
              progress: progressView(process.stderr, Boolean(options.quiet || globals.json)),
            });
            emit(
              globals.json,
              summary,
              () =>
                `${summary.rows} rows: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed`,
            );
            if (summary.failed > 0) process.exitCode = 1;
          },
        ),
      ),
    "clientele import customers.csv --as anna --report report.csv",
  );

  example(
    program
      .command("export")
      .description(
        "Write every profile (or a segment's members) as Shopify's customer export CSV to stdout",
      )
      .option("--segment <query>", "only the members of this segment query")
      .action(
        inSession(async (session, _globals, options: { segment?: string }) => {
          const { authorize } = await import("@clientele/core");
          authorize(session.principal, "customers:export", "ExportCustomers");
          const profiles = await session.profiles();
          note(
            `read model built from ${profiles.events} events in ${Math.round(profiles.millis)} ms`,
          );
          const ids = options.segment
            ? await allMembers(await session.reader(), parseSegmentQuery(options.segment))
            : [...profiles.byId.keys()].sort();
          const rows = (function* (): Generator<[string, CustomerState]> {
            for (const id of ids) {
              const entry = profiles.byId.get(id);
              if (entry && isListed(entry)) yield [id, entry.state];
            }
          })();
          const count = await writeExport(process.stdout, rows);
          note(`exported ${count} customers`);
        }),
      ),
    "clientele export --as anna --segment \"customer_tags CONTAINS 'vip'\" > vip.csv",
  );
};
