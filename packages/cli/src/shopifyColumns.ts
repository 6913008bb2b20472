import { ClienteleError } from "@clientele/core";

/** Shopify's customer import template, in its order (header names are case-sensitive). */
export const importColumns = [
  "First Name",
  "Last Name",
  "Email",
  "Accepts Email Marketing",
  "Default Address Company",
  "Default Address Address1",
  "Default Address Address2",
  "Default Address City",
  "Default Address Province Code",
  "Default Address Country Code",
  "Default Address Zip",
  "Default Address Phone",
  "Phone",
  "Accepts SMS Marketing",
  "Tags",
  "Note",
  "Tax Exempt",
] as const;
export type ImportColumn = (typeof importColumns)[number];

/** Shopify's export header: the id, the template's first 14 columns, totals, note, tax, tags. */
export const exportColumns = [
  "Customer ID",
  ...importColumns.slice(0, 14),
  "Total Spent",
  "Total Orders",
  "Note",
  "Tax Exempt",
  "Tags",
] as const;

/** Columns of the export header that an import reads past, so an export imports as it is. */
const ignoredOnImport = new Set<string>(["Customer ID", "Total Spent", "Total Orders"]);
const known = new Set<string>([...importColumns, ...ignoredOnImport]);

/**
 * Checks a header before anything is written: every column must be Shopify's (import template or
 * export header), none twice, and `Email` must be there (its values may be blank).
 * Throws VALIDATION_FAILED naming the column.
 */
export const checkHeader = (header: readonly string[]): void => {
  const seen = new Set<string>();
  for (const [index, column] of header.entries()) {
    if (!known.has(column)) {
      throw new ClienteleError(
        "VALIDATION_FAILED",
        `Column ${index + 1} "${column}" is not a Shopify customer column. Expected the import template: ${importColumns.join(", ")}.`,
        { fields: ["header"], column, position: index + 1 },
      );
    }
    if (seen.has(column)) {
      throw new ClienteleError("VALIDATION_FAILED", `Column "${column}" appears twice.`, {
        fields: ["header"],
        column,
        position: index + 1,
      });
    }
    seen.add(column);
  }
  if (!seen.has("Email")) {
    throw new ClienteleError(
      "VALIDATION_FAILED",
      'The header has no "Email" column; Shopify requires it (its values may be blank).',
      { fields: ["header"], column: "Email" },
    );
  }
};
