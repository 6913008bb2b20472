import { authorize } from "@clientele/core";
import type { Command } from "commander";
import { emit } from "../output.js";
import { loadProfiles } from "../profiles.js";
import { example, inSession } from "./run.js";

/** The store's last global position: the read model is behind by the events after it. */
const headOf = async (store: {
  readAll(o: { after?: bigint; maxCount?: number }): Promise<{ position: bigint }[]>;
}) => {
  let head = 0n;
  for (;;) {
    const page = await store.readAll({ after: head, maxCount: 10_000 });
    const last = page.at(-1);
    if (!last) return head;
    head = last.position;
    if (page.length < 10_000) return head;
  }
};

export const registerProjections = (program: Command): void => {
  const projections = program
    .command("projections")
    .description("The read models the CLI answers from (in memory, built from the store on start)");
  example(
    projections
      .command("status")
      .description("Where the read model stands: events folded, profiles, lag behind the store")
      .action(
        inSession(async (session, globals) => {
          authorize(session.principal, "customers:view", "ProjectionsStatus");
          const profiles = await session.profiles();
          const head = await headOf(session.customers.store);
          const status = {
            readModel: "in-memory",
            profiles: profiles.byId.size,
            events: profiles.events,
            position: profiles.position,
            storeHead: head,
            // Non-customer streams (reservations, bulk runs) sit after the position too.
            behindStore: profiles.position < head,
            buildMillis: Math.round(profiles.millis),
          };
          emit(
            globals.json,
            status,
            () =>
              `in-memory read model: ${status.profiles} profiles from ${status.events} events, built in ${status.buildMillis} ms; position ${status.position}, store head ${status.storeHead}`,
          );
        }),
      ),
    "clientele projections status --as anna",
  );
  example(
    projections
      .command("rebuild")
      .description("Fold every customer event again and report events/s")
      .action(
        inSession(async (session, globals) => {
          authorize(session.principal, "customers:view", "ProjectionsRebuild");
          const rebuilt = await loadProfiles(session.customers.store);
          const perSecond = Math.round(rebuilt.events / Math.max(rebuilt.millis / 1000, 0.001));
          const result = {
            profiles: rebuilt.byId.size,
            events: rebuilt.events,
            millis: Math.round(rebuilt.millis),
            eventsPerSecond: perSecond,
          };
          emit(
            globals.json,
            result,
            () =>
              `rebuilt ${result.profiles} profiles from ${result.events} events in ${result.millis} ms (${perSecond} events/s)`,
          );
        }),
      ),
    "clientele projections rebuild --as anna",
  );
};
