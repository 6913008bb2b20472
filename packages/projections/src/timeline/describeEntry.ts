import {
  type Actor,
  type CustomerEvent,
  customerEventTypes,
  describeActor,
  describeCustomerEvent,
  mapPersonalValues,
  personalFields,
  type RecordedEvent,
  redactedPlaceholder,
} from "@clientele/core";

/** What the timeline says about one event; `personal` is what redaction must take away. */
export interface DescribedEntry {
  /** `staff anna`, `system (orders import)`. */
  actor: string;
  /** The line with every personal value replaced by the placeholder: safe to keep forever. */
  line: string;
  staffOnly: boolean;
  /** The line as written, and a note's text, kept apart so erasure can delete them. */
  personal: PersonalPart | undefined;
}

export interface PersonalPart {
  line: string;
  note?: string;
}

const knownTypes = new Set<string>(customerEventTypes);

/**
 * Entries a customer-facing view leaves out: staff notes, merge bookkeeping, delivery failures
 * (their reason may quote an address), staff copies of emails, and any event type this version
 * does not know, since nobody has decided yet whether a customer may see it.
 */
const staffOnlyTypes = new Set([
  "CustomerNoted",
  "CustomerMergeStarted",
  "CustomerMergeAbandoned",
  "EmailDeliveryFailed",
  "MultipassIdentifierSet",
]);

const isStaffOnly = (type: string, data: Record<string, unknown>): boolean =>
  !knownTypes.has(type) ||
  staffOnlyTypes.has(type) ||
  (type === "EmailSent" && data.recipient === "staff");

const actorKinds = new Set(["staff", "system", "customer"]);

/** Metadata from an older or foreign writer may lack a well-formed actor; the line still reads. */
const actorOf = (actor: unknown): Actor =>
  typeof actor === "object" && actor !== null && actorKinds.has((actor as Actor).kind)
    ? (actor as Actor)
    : { kind: "system", reason: "unknown actor" };

/** A newer writer's event, or an old one whose data no longer has the expected shape, still reads. */
const describe = (type: string, data: Record<string, unknown>, actor: Actor): string => {
  try {
    return describeCustomerEvent({ type, data } as CustomerEvent, actor);
  } catch {
    return `${type} recorded by ${describeActor(actor)}`;
  }
};

const redact = () => redactedPlaceholder;

/**
 * The timeline's reading of one event. Personal values are described twice only for the event
 * types that carry them (`personalFields`), so most events cost one line.
 *
 * @example describeEntry(taggedVipByAnna).line // "Tag VIP added by staff anna"
 */
export const describeEntry = (event: RecordedEvent): DescribedEntry => {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const actor = actorOf(event.metadata?.actor);
  const redacted = mapPersonalValues(personalFields, event.type, data, redact);
  const line = describe(event.type, redacted, actor);
  const staffOnly = isStaffOnly(event.type, data);
  const by = describeActor(actor);
  if (redacted === data) return { actor: by, line, staffOnly, personal: undefined };
  const written = describe(event.type, data, actor);
  const note =
    event.type === "CustomerNoted" && typeof data.note === "string" ? data.note : undefined;
  if (written === line && note === undefined)
    return { actor: by, line, staffOnly, personal: undefined };
  const personal = note === undefined ? { line: written } : { line: written, note };
  return { actor: by, line, staffOnly, personal };
};
