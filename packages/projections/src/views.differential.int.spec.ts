import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { directory } from "./directory/directory.js";
import {
  findCustomerByEmail,
  findCustomerByPhone,
  listCustomers,
  readCustomer,
} from "./directory/readDirectory.js";
import type { Projection } from "./projection.js";
import { getInMemoryReadModelStore } from "./readModel/inMemoryReadModelStore.js";
import type { ReadModelStore } from "./readModel/readModelStore.js";
import { getRedisReadModelStore } from "./readModel/redisReadModelStore.js";
import {
  customerIds,
  emails,
  type HistoryStep,
  historySteps,
  phones,
} from "./testing/customerEvents.arbitrary.js";
import { customerHistory, project } from "./testing/customerHistory.js";
import { usePrivateRedis } from "./testing/redisServer.js";
import { readTimeline } from "./timeline/readTimeline.js";
import { timeline } from "./timeline/timeline.js";

const redis = usePrivateRedis({ beforeAll, afterAll });

const recorded = (steps: readonly HistoryStep[]) => {
  const history = customerHistory();
  for (const { stream, type, data, actor } of steps) {
    if ("customerId" in stream) history.add(stream.customerId, type, data, actor);
    else history.addToStream(stream.streamName, type, data, actor);
  }
  return history.events;
};

/** Every page of a paged reader, so cursors are compared too. */
const allPages = async <T>(
  read: (before: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
) => {
  const pages: Array<{ items: T[]; nextCursor?: string }> = [];
  let before: string | undefined;
  do {
    const page = await read(before);
    pages.push(page);
    before = page.nextCursor;
  } while (before !== undefined && pages.length < 100);
  return pages;
};

/** What every reader answers, for every customer, email and phone the histories use. */
const answers = async (readModel: ReadModelStore, pageSize: number) => {
  const out: Record<string, unknown> = {};
  for (const id of customerIds) {
    out[`customer ${id}`] = await readCustomer(readModel, id);
    for (const audience of ["staff", "customer"] as const)
      out[`timeline ${id} ${audience}`] = await allPages(async (before) => {
        const page = await readTimeline(readModel, id, {
          audience,
          limit: pageSize,
          ...(before === undefined ? {} : { before }),
        });
        return { items: page.entries, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      });
  }
  for (const email of emails) out[`email ${email}`] = await findCustomerByEmail(readModel, email);
  for (const phone of phones) out[`phone ${phone}`] = await findCustomerByPhone(readModel, phone);
  out.list = await allPages(async (before) => {
    const page = await listCustomers(readModel, {
      limit: pageSize,
      ...(before === undefined ? {} : { before }),
    });
    return { items: page.customers, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  });
  return out;
};

const views: Projection[] = [timeline, directory];

it("the in-memory and the Redis read model give the same views and the same answers for any customer history", async () => {
  await fc.assert(
    fc.asyncProperty(
      historySteps,
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 1, max: 4 }),
      async (steps, batchSize, pageSize) => {
        await redis.client.flushall();
        const events = recorded(steps);
        const memory = getInMemoryReadModelStore();
        const onRedis = getRedisReadModelStore({ client: redis.client });
        for (const projection of views) {
          await project(memory, projection, events, batchSize);
          await project(onRedis, projection, events, batchSize);
          expect(await onRedis.snapshot(projection.name, projection.version)).toEqual(
            await memory.snapshot(projection.name, projection.version),
          );
        }
        expect(await answers(onRedis, pageSize)).toEqual(await answers(memory, pageSize));
      },
    ),
    { numRuns: 150 },
  );
});
