/** Consent states of email and SMS marketing, as Shopify names them. */
export const consentStates = [
  "NOT_SUBSCRIBED",
  "PENDING",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
  "REDACTED",
  "INVALID",
] as const;

export const accountStatuses = ["DISABLED", "INVITED", "ENABLED", "DECLINED"] as const;

export type ClauseOperator =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "BETWEEN"
  | "CONTAINS"
  | "NOT CONTAINS"
  | "IS NULL"
  | "IS NOT NULL";

export type AttributeType =
  | { readonly kind: "decimal" }
  | { readonly kind: "integer" }
  | { readonly kind: "date" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "string" }
  | { readonly kind: "list" };

export interface AttributeSpec {
  readonly type: AttributeType;
  readonly operators: readonly ClauseOperator[];
}

const ordered: readonly ClauseOperator[] = ["=", "!=", ">", ">=", "<", "<=", "BETWEEN"];
const equality: readonly ClauseOperator[] = ["=", "!="];
const membership: readonly ClauseOperator[] = ["CONTAINS", "NOT CONTAINS"];
const nullable: readonly ClauseOperator[] = ["IS NULL", "IS NOT NULL"];

const date: AttributeSpec = { type: { kind: "date" }, operators: [...ordered, ...nullable] };
const consent: AttributeSpec = {
  type: { kind: "enum", values: consentStates },
  operators: equality,
};

/** The attributes a segment can test, with their types and operators (docs/segments.md). */
export const attributes: Readonly<Record<string, AttributeSpec>> = {
  customer_tags: { type: { kind: "list" }, operators: membership },
  amount_spent: { type: { kind: "decimal" }, operators: ordered },
  number_of_orders: { type: { kind: "integer" }, operators: ordered },
  customer_added_date: date,
  first_order_date: date,
  last_order_date: date,
  abandoned_checkout_date: date,
  email_subscription_status: consent,
  sms_subscription_status: consent,
  customer_account_status: {
    type: { kind: "enum", values: accountStatuses },
    operators: equality,
  },
  customer_countries: { type: { kind: "list" }, operators: membership },
  customer_regions: { type: { kind: "list" }, operators: membership },
  customer_cities: { type: { kind: "list" }, operators: [...membership, ...nullable] },
  customer_email_domain: { type: { kind: "string" }, operators: equality },
  customer_language: { type: { kind: "string" }, operators: equality },
};

/** Functions take parameters in parentheses and are tested with MATCHES / NOT MATCHES. */
export const functions = ["products_purchased"] as const;

export const attributeNames = Object.keys(attributes);

export const attributeSpec = (name: string): AttributeSpec | undefined =>
  Object.hasOwn(attributes, name) ? attributes[name] : undefined;
