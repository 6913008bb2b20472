import { ClienteleError } from "@clientele/core";
import type { Command } from "commander";
import { emit } from "../output.js";
import { resolveCustomer } from "./customer.js";
import { example, inSession } from "./run.js";

export const registerOperations = (program: Command): void => {
  const merge = program.command("merge").description("Merge two profiles into one (irreversible)");
  const mergeCommand = async (
    session: Parameters<Parameters<typeof inSession>[0]>[0],
    a: string,
    b: string,
    keepEmail?: string,
  ) => ({
    type: "MergeCustomers",
    customerIds: [await resolveCustomer(session, a), await resolveCustomer(session, b)],
    ...(keepEmail ? { keep: { email: await resolveCustomer(session, keepEmail) } } : {}),
  });
  example(
    merge
      .command("preview")
      .argument("<a>")
      .argument("<b>")
      .option("--keep-email <ref>", "the profile whose email survives")
      .description("Who would survive, what blocks the merge, the merged profile; writes nothing")
      .action(
        inSession(
          async (session, globals, a: string, b: string, options: { keepEmail?: string }) => {
            const preview = await session.customers.merges.preview(
              await mergeCommand(session, a, b, options.keepEmail),
              session.principal,
            );
            emit(globals.json, preview, () =>
              [
                `survivor: ${preview.survivorId} (${preview.survivorReason})`,
                `absorbed: ${preview.absorbedId}`,
                preview.blockers.length === 0
                  ? "no blockers: the merge can run"
                  : `blocked: ${preview.blockers.map((b) => b.reason).join(", ")}`,
              ].join("\n"),
            );
          },
        ),
      ),
    "clientele merge preview cus_A cus_B --as anna",
  );
  example(
    merge
      .command("run")
      .argument("<a>")
      .argument("<b>")
      .option("--keep-email <ref>", "the profile whose email survives")
      .description("Merge the two profiles (MERGE_BLOCKED lists every reason)")
      .action(
        inSession(
          async (session, globals, a: string, b: string, options: { keepEmail?: string }) => {
            const result = await session.customers.merges.merge(
              await mergeCommand(session, a, b, options.keepEmail),
              session.principal,
            );
            emit(globals.json, result, () => `merged into ${result.survivorId}`);
          },
        ),
      ),
    "clientele merge run cus_A cus_B --as anna",
  );

  const erase = program.command("erase").description("Customer data erasure (privacy requests)");
  for (const [name, type, verb] of [
    ["request", "RequestDataErasure", "erasure requested for"],
    ["cancel", "CancelDataErasure", "erasure cancelled for"],
  ] as const) {
    example(
      erase
        .command(name)
        .argument("<ref>", "customer id, email or +phone")
        .description(
          name === "request"
            ? "Schedule the profile's redaction"
            : "Cancel a pending erasure (only its requester)",
        )
        .action(
          inSession(async (session, globals, ref: string) => {
            const customerId = await resolveCustomer(session, ref);
            const result = await session.customers.execute({ type, customerId }, session.principal);
            emit(
              globals.json,
              { customerId, redactionPending: result.state.redactionPending },
              () =>
                `${verb} ${customerId}${result.state.redactionPending ? `, due ${result.state.redactionPending.dueAt}` : ""}`,
            );
          }),
        ),
      `clientele erase ${name} ann@example.com --as dpo`,
    );
  }
  example(
    erase
      .command("process-due")
      .description("Redact every profile whose erasure is due (safe to run twice; for cron)")
      .action(
        inSession(async (session, globals) => {
          const { authorize } = await import("@clientele/core");
          authorize(session.principal, "customers:erase", "ProcessDueErasures");
          const run = await session.customers.processDueErasures();
          emit(
            globals.json,
            run,
            () => `${run.redacted.length} redacted, ${run.deferred} deferred`,
          );
        }),
      ),
    "clientele erase process-due --as dpo",
  );

  const dataRequest = program.command("data-request").description("Customer data requests");
  example(
    dataRequest
      .command("export")
      .argument("<ref>", "customer id, email or +phone")
      .description("The customer's data as versioned JSON (customer-data-export.v1)")
      .action(
        inSession(async (session, _globals, ref: string) => {
          const customerId = await resolveCustomer(session, ref);
          const exported = await session.customers.dataRequests.export(
            customerId,
            session.principal,
          );
          process.stdout.write(`${JSON.stringify(exported, null, 2)}\n`);
        }),
      ),
    "clientele data-request export ann@example.com --as dpo > ann.json",
  );

  const bulk = program
    .command("bulk")
    .description("Tag, untag or delete many profiles; resumable, per-profile report");
  for (const kind of ["tag", "untag", "delete"] as const) {
    const command = bulk
      .command(kind)
      .option("--segment <query>", "the members of a segment query")
      .option("--ids <ids>", "comma-separated customer ids")
      .option("--id <bulkId>", "name the run so a retry resumes it");
    if (kind !== "delete") command.argument("<tags>", "comma-separated tags");
    example(
      command.description(`Bulk ${kind}`).action(
        inSession(async (session, globals, ...args: unknown[]) => {
          const tags = kind === "delete" ? undefined : (args[0] as string);
          const options = args[kind === "delete" ? 0 : 1] as {
            segment?: string;
            ids?: string;
            id?: string;
          };
          if (Boolean(options.segment) === Boolean(options.ids)) {
            throw new ClienteleError(
              "VALIDATION_FAILED",
              "Give exactly one of --segment or --ids.",
              {
                fields: ["segment", "ids"],
              },
            );
          }
          const selection = options.segment
            ? { segment: options.segment }
            : {
                ids: (options.ids as string)
                  .split(",")
                  .map((id) => id.trim())
                  .filter(Boolean),
              };
          const operation =
            kind === "delete"
              ? { kind: "delete" as const }
              : {
                  kind: kind === "tag" ? ("addTags" as const) : ("removeTags" as const),
                  tags: tags as string,
                };
          const report = await session.customers.bulk.run(
            { operation, selection, ...(options.id ? { bulkId: options.id } : {}) },
            session.principal,
          );
          emit(globals.json, report, () =>
            [
              `${report.total} selected: ${report.changed} changed, ${report.unchanged} unchanged, ${report.failed} failed`,
              ...report.items
                .filter((i) => i.outcome === "failed")
                .map((i) => `  ${i.customerId} ${i.code}: ${i.message}`),
            ].join("\n"),
          );
        }),
      ),
      kind === "delete"
        ? "clientele bulk delete --ids cus_A,cus_B --as claire"
        : `clientele bulk ${kind} vip --segment "number_of_orders > 5" --as anna`,
    );
  }
};
