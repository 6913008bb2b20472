import { Command } from "commander";
import { registerCustomer } from "./commands/customer.js";
import { registerImportExport } from "./commands/importExport.js";
import { registerOperations } from "./commands/operations.js";
import { registerProjections } from "./commands/projections.js";
import { registerSegment } from "./commands/segment.js";

/**
 * The `clientele` command line. Every command opens the store, acts as `--as`, and closes it.
 * @example await clienteleProgram().parseAsync(["node", "clientele", "segment", "count", "..."])
 */
export const clienteleProgram = (): Command => {
  const program = new Command("clientele")
    .description(
      "Clientele customer profiles from the terminal: Shopify CSV import/export, timelines, segments, merges, erasure.",
    )
    .option(
      "--store <store>",
      "a PGlite directory (default ./.clientele), postgres://..., esdb://..., or memory (env CLIENTELE_STORE)",
    )
    .option("--as <staff>", "the staff member acting (env CLIENTELE_AS)")
    .option(
      "--roles <file>",
      "the roles file (default ./clientele-roles.json, env CLIENTELE_ROLES)",
    )
    .option("--keys-dir <dir>", "PGlite directory for data keys when the store is EventStoreDB")
    .option("--json", "print JSON for scripts")
    .showHelpAfterError()
    .addHelpText(
      "after",
      "\nExample:\n  $ clientele import customers.csv --as anna\n  $ clientele segment count \"customer_tags CONTAINS 'vip'\" --as anna\n",
    );
  registerImportExport(program);
  registerCustomer(program);
  registerSegment(program);
  registerOperations(program);
  registerProjections(program);
  return program;
};
