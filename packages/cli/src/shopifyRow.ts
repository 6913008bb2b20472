import { ClienteleError } from "@clientele/core";
import type { ImportColumn } from "./shopifyColumns.js";

/** One CSV record, by column name; absent columns read as blank. */
export type ShopifyRow = Partial<Record<ImportColumn, string>>;

/** What a row asks for, in the shape of CreateCustomer's fields. */
export interface RowProfile {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  taxExempt: boolean;
  tags: string[];
  note?: string;
  address?: Record<string, string>;
  emailConsent: boolean;
  smsConsent: boolean;
}

/**
 * Our export prefixes cells a spreadsheet would run as a formula with `'` (OWASP); the import
 * takes that quote off again so an exported file imports as the same profiles.
 */
const unquoteFormula = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

const text = (row: ShopifyRow, column: ImportColumn): string | undefined => {
  const value = unquoteFormula(row[column] ?? "").trim();
  return value === "" ? undefined : value;
};

const yesNo = (row: ShopifyRow, column: ImportColumn): boolean => {
  const value = (text(row, column) ?? "no").toLowerCase();
  if (value === "yes" || value === "true") return true;
  if (value === "no" || value === "false") return false;
  throw new ClienteleError("VALIDATION_FAILED", `"${column}" must be yes or no, not "${value}".`, {
    fields: [column],
  });
};

const addressColumns = {
  company: "Default Address Company",
  address1: "Default Address Address1",
  address2: "Default Address Address2",
  city: "Default Address City",
  provinceCode: "Default Address Province Code",
  countryCode: "Default Address Country Code",
  zip: "Default Address Zip",
  phone: "Default Address Phone",
} as const satisfies Record<string, ImportColumn>;

const addressOf = (row: ShopifyRow): Record<string, string> | undefined => {
  const address: Record<string, string> = {};
  for (const [field, column] of Object.entries(addressColumns)) {
    const value = text(row, column);
    if (value !== undefined) address[field] = value;
  }
  return Object.keys(address).length === 0 ? undefined : address;
};

/** Reads a row's fields; the customer rules themselves are checked by the command. */
export const rowProfile = (row: ShopifyRow): RowProfile => {
  const tags = (text(row, "Tags") ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
  const profile: RowProfile = {
    taxExempt: yesNo(row, "Tax Exempt"),
    tags,
    emailConsent: yesNo(row, "Accepts Email Marketing"),
    smsConsent: yesNo(row, "Accepts SMS Marketing"),
  };
  const fields = {
    firstName: text(row, "First Name"),
    lastName: text(row, "Last Name"),
    email: text(row, "Email"),
    phone: text(row, "Phone"),
    note: text(row, "Note"),
    address: addressOf(row),
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(profile, { [key]: value });
  }
  return profile;
};

/** The CreateCustomer command that brings a row's profile to life in one event. */
export const createCommandOf = (customerId: string, profile: RowProfile) => ({
  type: "CreateCustomer" as const,
  customerId,
  source: "import" as const,
  ...(profile.firstName ? { firstName: profile.firstName } : {}),
  ...(profile.lastName ? { lastName: profile.lastName } : {}),
  ...(profile.email ? { email: profile.email } : {}),
  ...(profile.phone ? { phone: profile.phone } : {}),
  taxExempt: profile.taxExempt,
  ...(profile.tags.length > 0 ? { tags: profile.tags } : {}),
  ...(profile.note ? { note: profile.note } : {}),
  ...(profile.address ? { addresses: [profile.address] } : {}),
  ...(profile.emailConsent
    ? { emailMarketingConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN" } }
    : {}),
  ...(profile.smsConsent
    ? { smsMarketingConsent: { state: "SUBSCRIBED", optInLevel: "SINGLE_OPT_IN" } }
    : {}),
});
