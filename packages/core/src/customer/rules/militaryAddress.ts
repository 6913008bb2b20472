import type { AddressInput } from "../address.js";

/** One broken US military address rule: which rule, on which field, and how to fix it. */
export interface MilitaryAddressViolation {
  rule: "CITY" | "STATE" | "COUNTRY" | "ZIP" | "ADDRESS_LINE";
  field: "city" | "provinceCode" | "countryCode" | "zip" | "address1";
  message: string;
}

const militaryCities = ["APO", "FPO", "DPO"] as const;
type MilitaryCity = (typeof militaryCities)[number];

/** ZIP prefixes USPS assigns to each military "state". */
const zipPrefixes = {
  AA: ["340"],
  AE: ["090", "091", "092", "093", "094", "095", "096", "097", "098"],
  AP: ["962", "963", "964", "965", "966"],
} as const satisfies Record<string, readonly string[]>;

const isMilitaryState = (code: string | undefined): code is keyof typeof zipPrefixes =>
  code !== undefined && Object.hasOwn(zipPrefixes, code);

/**
 * An address is military when its city names a military post office, or it is a US address in a
 * military "state". Either alone is enough, so a half-filled military address is caught, not
 * shipped. The state counts only in the US: elsewhere `AP` is an ordinary province (Ascoli
 * Piceno, Italy).
 */
export const isMilitaryAddress = (address: AddressInput): boolean =>
  /\b(APO|FPO|DPO)\b/i.test(address.city) ||
  (address.countryCode === "US" && isMilitaryState(address.provinceCode));

const unitPattern: Record<MilitaryCity, RegExp> = {
  // Army and Air Force: a Postal Service Center; CMR (Community Mail Room) also occurs.
  APO: /\b(PSC|CMR)\s*\d+/i,
  // Navy and diplomatic posts: a unit number; CMR also occurs.
  FPO: /\b(UNIT|CMR)\s*\d+/i,
  DPO: /\b(UNIT|CMR)\s*\d+/i,
};

/**
 * Every US military address rule `address` breaks (customers.md), empty when it obeys them all
 * or is not a military address. The name goes in the name fields, so it is not checked here.
 */
export const militaryAddressViolations = (address: AddressInput): MilitaryAddressViolation[] => {
  if (!isMilitaryAddress(address)) return [];
  const violations: MilitaryAddressViolation[] = [];
  const city = address.city.trim().toUpperCase();
  const isMilitaryCity = (militaryCities as readonly string[]).includes(city);
  if (!isMilitaryCity) {
    violations.push({
      rule: "CITY",
      field: "city",
      message: `city must be exactly APO, FPO or DPO, with no city name; got "${address.city}"`,
    });
  }
  const state = address.provinceCode ?? "";
  const prefixes = isMilitaryState(state) ? zipPrefixes[state] : undefined;
  if (!prefixes) {
    violations.push({
      rule: "STATE",
      field: "provinceCode",
      message: `state must be AA (Americas), AE (Europe, Middle East, Africa, Canada) or AP (Pacific); got "${state}"`,
    });
  }
  if (address.countryCode !== "US") {
    violations.push({
      rule: "COUNTRY",
      field: "countryCode",
      message: `country must be US for a military address; got "${address.countryCode}"`,
    });
  }
  const zip = (address.zip ?? "").trim();
  if (prefixes && !prefixes.some((prefix) => zip.startsWith(prefix))) {
    violations.push({
      rule: "ZIP",
      field: "zip",
      message: `ZIP for ${state} must start with ${prefixes.join(", ")}; got "${zip}"`,
    });
  }
  if (isMilitaryCity) {
    const line = `${address.address1} ${address.address2 ?? ""}`;
    const unit = unitPattern[city as MilitaryCity];
    if (!unit.test(line) || !/\bBOX\s*\d+/i.test(line)) {
      const expected = city === "APO" ? "PSC" : "UNIT";
      violations.push({
        rule: "ADDRESS_LINE",
        field: "address1",
        message: `address line for ${city} must hold ${expected} + number (or CMR + number) and BOX + number, e.g. "${expected} 1234 BOX 5678"`,
      });
    }
  }
  return violations;
};
