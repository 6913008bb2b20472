import {
  ClienteleError,
  type CustomerEvent,
  type CustomerState,
  describeActor,
  describeCustomerEvent,
  displayName,
} from "@clientele/core";
import type { Command } from "commander";
import { emit } from "../output.js";
import type { Session } from "../session.js";
import { example, inSession } from "./run.js";

/** A profile id, or an email / E.164 phone that finds the profile holding it. */
export const resolveCustomer = async (session: Session, ref: string): Promise<string> => {
  const kind = ref.includes("@") ? "email" : ref.startsWith("+") ? "phone" : undefined;
  if (!kind) return ref;
  const owner = await session.customers.ownerOf(kind, ref, session.principal);
  if (!owner) {
    throw new ClienteleError("CUSTOMER_NOT_FOUND", `No customer has the ${kind} ${ref}.`, {
      [kind]: ref,
    });
  }
  return owner;
};

const describeProfile = (id: string, revision: number, state: CustomerState) =>
  [
    `${displayName(state) || "(no name)"}  ${id}  (${state.status}, revision ${revision})`,
    `  email: ${state.email ?? "-"}  phone: ${state.phone ?? "-"}  source: ${state.source ?? "-"}`,
    `  tags: ${state.tags.join(", ") || "-"}`,
    `  email marketing: ${state.emailConsent.state}  sms marketing: ${state.smsConsent.state}  tax exempt: ${state.taxExempt ? "yes" : "no"}`,
    `  addresses: ${state.addresses.length}  orders: ${state.orders.length}`,
    ...(state.note ? [`  note: ${state.note}`] : []),
    ...(state.mergedInto ? [`  merged into: ${state.mergedInto}`] : []),
    ...(state.redactionPending ? [`  erasure due: ${state.redactionPending.dueAt}`] : []),
  ].join("\n");

/** Events the customer's own view leaves out: staff notes and staff-side bookkeeping. */
const staffOnly = new Set([
  "CustomerNoted",
  "CustomerMergeStarted",
  "DataRequestStarted",
  "DataRequestCompleted",
]);

export const registerCustomer = (program: Command): void => {
  const customer = program.command("customer").description("Look at one customer profile");
  example(
    customer
      .command("show")
      .description("Show a profile by id, email or phone")
      .argument("<ref>", "customer id, email or +phone")
      .action(
        inSession(async (session, globals, ref: string) => {
          const id = await resolveCustomer(session, ref);
          const { state, revision } = await session.customers.load(id, session.principal);
          emit(globals.json, { ...state, id, revision }, () =>
            describeProfile(id, revision, state),
          );
        }),
      ),
    "clientele customer show ann@example.com --as anna",
  );

  example(
    program
      .command("timeline")
      .description("A profile's history, oldest first, with who did what")
      .argument("<ref>", "customer id, email or +phone")
      .option("--audience <who>", "staff (everything) or customer (no staff notes)", "staff")
      .action(
        inSession(async (session, globals, ref: string, options: { audience: string }) => {
          if (!["staff", "customer"].includes(options.audience)) {
            throw new ClienteleError("VALIDATION_FAILED", "--audience is staff or customer.", {
              fields: ["audience"],
              found: options.audience,
            });
          }
          const id = await resolveCustomer(session, ref);
          const history = (await session.customers.history(id, session.principal)).filter(
            (event) => options.audience === "staff" || !staffOnly.has(event.type),
          );
          const entries = history.map((event) => ({
            at: event.metadata.occurredAt,
            type: event.type,
            actor: describeActor(event.metadata.actor),
            summary: describeCustomerEvent(
              { type: event.type, data: event.data } as CustomerEvent,
              event.metadata.actor,
            ),
            ...(options.audience === "staff"
              ? { data: event.data, streamName: event.streamName }
              : {}),
          }));
          emit(
            globals.json,
            entries,
            () =>
              entries.map((entry) => `${entry.at}  ${entry.summary}`).join("\n") || "(no events)",
          );
        }),
      ),
    "clientele timeline cus_01J... --audience customer --as anna",
  );

  example(
    program
      .command("delete")
      .description(
        "Delete a profile and its personal data (refused with DELETE_BLOCKED and every reason)",
      )
      .argument("<ref>", "customer id, email or +phone")
      .action(
        inSession(async (session, globals, ref: string) => {
          const id = await resolveCustomer(session, ref);
          const result = await session.customers.execute(
            { type: "DeleteCustomer", customerId: id },
            session.principal,
          );
          emit(
            globals.json,
            { id, deleted: true, revision: result.revision },
            () => `deleted ${id}`,
          );
        }),
      ),
    "clientele delete cus_01J... --as claire",
  );
};
