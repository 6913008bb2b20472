/*
 * The story's last act: an analyst counts the VIPs in Paris who spent more than 500 € and bought
 * this year. The count comes from the segment index, which projectors keep from the store on the
 * embedded default, and is checked against the reference evaluator replaying every profile.
 */
import {
  type Clock,
  type Customers,
  customerStreamName,
  customerStreamPrefix,
  type Principal,
} from "@clientele/core";
import {
  getInMemoryReadModelStore,
  segmentIndexProjections,
  startProjector,
} from "@clientele/projections";
import {
  createIndexedSegmentReader,
  filterProfiles,
  parseSegmentQuery,
  segmentProfileOf,
} from "@clientele/segments";

const cities = ["Paris", "Lyon", "Bordeaux"] as const;

/** The rest of the shop: `count` customers, every fourth a VIP, in three cities, two years. */
export const seedShop = async (
  customers: Customers,
  { shop, staff, count }: { shop: Principal; staff: Principal; count: number },
): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const year = i % 5 === 0 ? 2025 : 2026;
    const born = await customers.execute(
      {
        type: "RecordOrder",
        email: `client${i}@example.fr`,
        orderId: `S${i}`,
        placedAt: `${year}-02-${String((i % 27) + 1).padStart(2, "0")}T10:00:00.000Z`,
        total: `${(i * 37) % 900}.50`,
        currency: "EUR",
        lineItems: [{ productId: String(7000 + (i % 12)), quantity: 1 }],
      },
      shop,
    );
    const id = born.state.id as string;
    const city = cities[i % cities.length] as string;
    await customers.execute(
      {
        type: "AddAddress",
        customerId: id,
        address: { address1: `${i} rue du Bac`, city, zip: "75007", countryCode: "FR" },
      },
      staff,
    );
    if (i % 4 === 0)
      await customers.execute({ type: "AddTags", customerId: id, tags: "VIP" }, staff);
    ids.push(id);
  }
  return ids;
};

export const vipsInParisQuery =
  "customer_tags CONTAINS 'VIP' AND customer_cities CONTAINS 'FR-Paris' AND amount_spent > 500 AND last_order_date >= 2026-01-01";

/** Projects the store into the segment index, counts the query, and recounts by the reference. */
export const analystCount = async (
  customers: Customers,
  { ids, clock, analyst }: { ids: readonly string[]; clock: Clock; analyst: Principal },
) => {
  const layout = { shards: 2, version: 1, timeZone: "Europe/Paris" };
  const readModel = getInMemoryReadModelStore();
  const started = performance.now();
  const projectors = await Promise.all(
    segmentIndexProjections(layout).map((projection) =>
      startProjector({ store: customers.store, readModel, projection }),
    ),
  );
  const head = (
    await customers.store.readAll({ filter: { streamPrefixes: [customerStreamPrefix] } })
  ).at(-1)?.position;
  if (head !== undefined) await Promise.all(projectors.map((projector) => projector.waitFor(head)));
  const projectedMs = performance.now() - started;
  const query = parseSegmentQuery(vipsInParisQuery);
  const reader = createIndexedSegmentReader({ readModel, layout, now: () => clock.now() });
  const counted = performance.now();
  const count = await reader.count(query);
  const countMs = performance.now() - counted;
  const { ids: members } = await reader.page(query, { limit: 1_000 });
  await Promise.all(projectors.map((projector) => projector.stop()));

  const profiles = [];
  for (const id of ids) {
    const { state } = await customers.load(id, analyst);
    const [born] = await customers.store.readStream(customerStreamName(id), { maxCount: 1 });
    if (state.status === "active" && born)
      profiles.push(segmentProfileOf(state, { customerAddedAt: born.metadata.occurredAt }));
  }
  const reference = filterProfiles(query, profiles, {
    timeZone: layout.timeZone,
    now: clock.now(),
  }).length;
  return { count, reference, members, projectedMs, countMs, profiles: profiles.length };
};
