import type { PersonalFieldMap, PersonalPath } from "../privacy/personalPaths.js";
import {
  isSnapshotStream,
  snapshotEventType,
  snapshottedStreamName,
} from "../snapshots/snapshotLoader.js";
import { customerStreamPrefix } from "./streams.js";

/** The parts of an address that locate or name a person; country and province stay readable. */
const addressFields = [
  "firstName",
  "lastName",
  "company",
  "address1",
  "address2",
  "city",
  "zip",
  "phone",
];
const addressAt = (path: string): string[] => addressFields.map((field) => `${path}.${field}`);

/** An outgoing email: who it went to, and what it said. */
const emailMessage = ["to", "subject", "body"];

/**
 * Every personal field a customer stream stores, by event type (privacy.md: names, email, phone,
 * addresses, note, payment details, email bodies, the Multipass identifier). `withCryptoShredding`
 * encrypts exactly these; everything else (ids, amounts, dates, tags, consent states) stays
 * readable for accounting and analysis.
 *
 * A new event type with personal data needs its line here: `personalFields.spec.ts` fails for any
 * text field of an event schema that is neither listed here nor known not to be personal.
 *
 * @example personalFields.CustomerNoted // ["note"]
 */
export const personalFields: PersonalFieldMap = {
  CustomerCreated: ["firstName", "lastName", "email", "phone", "note", ...addressAt("addresses[]")],
  CustomerUpdated: ["firstName", "lastName", "email", "phone"],
  CustomerNoted: ["note"],
  AddressAdded: addressAt("address"),
  AddressUpdated: addressAt("address"),
  PaymentMethodStored: ["brand", "last4"],
  PaymentMethodReplaced: ["replacement.brand", "replacement.last4"],
  MultipassIdentifierSet: ["multipassIdentifier"],
  EmailSent: emailMessage,
  PaymentMethodUpdateEmailSent: emailMessage,
  // A server's refusal often quotes the address it refused.
  EmailDeliveryFailed: ["reason"],
  // The absorbed profile's events, re-encrypted under the survivor's key.
  CustomerMerged: [{ events: "gained" } satisfies PersonalPath],
  // A snapshot is the whole state: encrypted as one value, ignored once it reads as a placeholder.
  [snapshotEventType]: ["state"],
};

/** Events after which a profile's personal data must be unrecoverable: the key is destroyed. */
export const shreddingEventTypes: readonly string[] = ["CustomerRedacted", "CustomerDeleted"];

/**
 * The customer whose key protects a stream: the id in `clientele-customer-<id>` and in its
 * snapshot side stream. Other streams (reservations, checkpoints) hold no personal data.
 *
 * @example customerSubjectOf("clientele-customer-cus_1-snapshot") // "cus_1"
 */
export const customerSubjectOf = (streamName: string): string | undefined => {
  if (!streamName.startsWith(customerStreamPrefix)) return undefined;
  const stream = isSnapshotStream(streamName) ? snapshottedStreamName(streamName) : streamName;
  return stream.slice(customerStreamPrefix.length);
};
