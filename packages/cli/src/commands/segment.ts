import { authorize } from "@clientele/core";
import {
  allMembers,
  createSavedSegments,
  listSavedSegments,
  parseSegmentQuery,
} from "@clientele/segments";
import type { Command } from "commander";
import { writeExport } from "../exportCustomers.js";
import { emit, note } from "../output.js";
import { isListed } from "../profiles.js";
import type { Session } from "../session.js";
import { example, inSession } from "./run.js";

const membersOf = async (session: Session, query: string) => {
  const parsed = parseSegmentQuery(query);
  const profiles = await session.profiles();
  note(`read model built from ${profiles.events} events in ${Math.round(profiles.millis)} ms`);
  return allMembers(await session.reader(), parsed);
};

const saved = (session: Session) =>
  createSavedSegments({
    store: session.customers.store,
    // Saving only parses the query; the read model is built only if a count is asked for.
    reader: {
      count: async (query) => (await session.reader()).count(query),
      page: async (query, page) => (await session.reader()).page(query, page),
    },
  });

export const registerSegment = (program: Command): void => {
  const segment = program
    .command("segment")
    .description("Ask a segment query: how many, who, or their CSV");
  example(
    segment
      .command("count")
      .argument("<query>", "a segment query")
      .description("How many customers match")
      .action(
        inSession(async (session, globals, query: string) => {
          authorize(session.principal, "customers:view", "CountSegment");
          const count = (await membersOf(session, query)).length;
          emit(globals.json, { query, count }, () => String(count));
        }),
      ),
    `clientele segment count "customer_tags CONTAINS 'vip'" --as anna`,
  );
  example(
    segment
      .command("list")
      .argument("<query>", "a segment query")
      .description("The matching customer ids, one a line")
      .action(
        inSession(async (session, globals, query: string) => {
          authorize(session.principal, "customers:view", "ListSegment");
          const ids = await membersOf(session, query);
          emit(globals.json, ids, () => ids.join("\n"));
        }),
      ),
    `clientele segment list "number_of_orders > 2" --as anna`,
  );
  example(
    segment
      .command("csv")
      .argument("<query>", "a segment query")
      .description("The matching customers as Shopify's export CSV")
      .action(
        inSession(async (session, _globals, query: string) => {
          authorize(session.principal, "customers:export", "ExportSegment");
          const ids = await membersOf(session, query);
          const { byId } = await session.profiles();
          await writeExport(
            process.stdout,
            ids.flatMap((id) => {
              const entry = byId.get(id);
              return entry && isListed(entry) ? [[id, entry.state] as const] : [];
            }),
          );
        }),
      ),
    `clientele segment csv "customer_tags CONTAINS 'vip'" --as anna > vip.csv`,
  );

  const segments = program.command("segments").description("Saved segments: named queries");
  example(
    segments
      .command("save")
      .argument("<name>", "the segment's name (unique)")
      .argument("<query>", "a segment query")
      .description("Save a named query (needs segments:manage)")
      .action(
        inSession(async (session, globals, name: string, query: string) => {
          const created = await saved(session).create({ name, query }, session.principal);
          emit(globals.json, created, () => `saved ${created.name} (${created.segmentId})`);
        }),
      ),
    `clientele segments save "VIP" "customer_tags CONTAINS 'vip'" --as anna`,
  );
  example(
    segments
      .command("list")
      .description("Every saved segment")
      .action(
        inSession(async (session, globals) => {
          authorize(session.principal, "customers:view", "ListSegments");
          const all = await listSavedSegments(session.customers.store);
          emit(
            globals.json,
            all,
            () => all.map((s) => `${s.name}\t${s.query}`).join("\n") || "(none)",
          );
        }),
      ),
    "clientele segments list --as anna",
  );
  example(
    segments
      .command("members")
      .argument("<name>", "a saved segment's name")
      .description("The ids of a saved segment's members now")
      .action(
        inSession(async (session, globals, name: string) => {
          authorize(session.principal, "customers:view", "SegmentMembers");
          const found = (await listSavedSegments(session.customers.store)).find(
            (s) => s.name === name,
          );
          if (!found) {
            const { segmentNotFound } = await import("@clientele/segments");
            throw segmentNotFound(name);
          }
          const ids = await membersOf(session, found.query);
          emit(globals.json, { segment: found.name, ids }, () => ids.join("\n"));
        }),
      ),
    `clientele segments members "VIP" --as anna`,
  );
};
