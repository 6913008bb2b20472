import { once } from "node:events";
import type { Writable } from "node:stream";
import type { CustomerState } from "@clientele/core";
import { type CsvValue, csvLine } from "@clientele/segments";
import { exportColumns } from "./shopifyColumns.js";

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** One profile as a row of Shopify's export. */
export const exportRow = (id: string, state: CustomerState): CsvValue[] => {
  const address = state.addresses.find((a) => a.addressId === state.defaultAddressId);
  const spent = state.orders.reduce((sum, order) => sum + Number(order.total), 0);
  const row: Record<(typeof exportColumns)[number], CsvValue> = {
    "Customer ID": id,
    "First Name": state.firstName,
    "Last Name": state.lastName,
    Email: state.email,
    "Accepts Email Marketing": yesNo(state.emailConsent.state === "SUBSCRIBED"),
    "Default Address Company": address?.company,
    "Default Address Address1": address?.address1,
    "Default Address Address2": address?.address2,
    "Default Address City": address?.city,
    "Default Address Province Code": address?.provinceCode,
    "Default Address Country Code": address?.countryCode,
    "Default Address Zip": address?.zip,
    "Default Address Phone": address?.phone,
    Phone: state.phone,
    "Accepts SMS Marketing": yesNo(state.smsConsent.state === "SUBSCRIBED"),
    "Total Spent": spent.toFixed(2),
    "Total Orders": state.orders.length,
    Note: state.note,
    "Tax Exempt": yesNo(state.taxExempt),
    Tags: state.tags.join(", "),
  };
  return exportColumns.map((column) => row[column]);
};

/**
 * Writes Shopify's export header and one row per profile, as the profiles come (an async
 * iterable read a page at a time), honouring the output's back-pressure.
 */
export const writeExport = async (
  out: Writable,
  profiles: AsyncIterable<[string, CustomerState]> | Iterable<[string, CustomerState]>,
): Promise<number> => {
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, "drain");
  };
  await write(csvLine(exportColumns));
  let count = 0;
  for await (const [id, state] of profiles) {
    await write(csvLine(exportRow(id, state)));
    count++;
  }
  return count;
};
