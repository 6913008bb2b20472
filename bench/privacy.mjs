// The cost of crypto-shredding per command: one command mix (create with names, email and phone;
// an address; a note; a name change; tags; an email queued) through createCustomers with
// shredding on (in-memory key store, the embedded default) and off (keyStore: false), interleaved
// in the same run. Also a cold replay of every profile (decryption on read). Size:
// PRIVACY_BENCH_PROFILES (default 2,000 profiles, 6 commands each).
import { performance } from "node:perf_hooks";
import {
  createCustomers,
  getInMemoryEventStore,
  getInMemoryKeyStore,
  newCustomerId,
  staffPrincipal,
} from "@clientele/core";

const anna = staffPrincipal("anna", ["customers:view", "customers:edit", "customers:email"]);
const profiles = Number(process.env.PRIVACY_BENCH_PROFILES ?? 2_000);
const rounds = 3;

const mix = (id, i) => [
  {
    type: "CreateCustomer",
    customerId: id,
    source: "manual",
    firstName: `Camille${i}`,
    lastName: "Martin",
    email: `camille.${i}@example.fr`,
    phone: `+3361${String(i).padStart(7, "0")}`,
  },
  {
    type: "AddAddress",
    customerId: id,
    address: { address1: `${i} rue de Rivoli`, city: "Paris", zip: "75004", countryCode: "FR" },
  },
  { type: "SetNote", customerId: id, note: `Prefers deliveries after 6pm (${i})` },
  { type: "UpdateCustomer", customerId: id, lastName: `Martin-${i}` },
  { type: "AddTags", customerId: id, tags: "VIP, Paris" },
  {
    type: "SendEmail",
    customerId: id,
    from: "shop@elegance.example",
    subject: "Bienvenue",
    body: `Bonjour Camille ${i}, merci !`,
  },
];

/** Runs the mix on a fresh service; returns commands/s, and cold-replay profiles/s. */
const measure = async (shredding) => {
  const store = getInMemoryEventStore();
  const options = { store, uniquenessSecret: "bench-privacy-uniqueness-secret" };
  const customers = createCustomers({
    ...options,
    keyStore: shredding ? getInMemoryKeyStore() : false,
  });
  const ids = Array.from({ length: profiles }, () => newCustomerId());
  let commands = 0;
  const start = performance.now();
  for (let i = 0; i < profiles; i++) {
    for (const command of mix(ids[i], i)) {
      await customers.execute(command, anna);
      commands += 1;
    }
  }
  const commandMs = performance.now() - start;
  // A fresh service over the same stores: no state cache, every load replays (and decrypts).
  // customers.store is the decorated store when shredding is on, the bare one otherwise.
  const cold = createCustomers({ ...options, store: customers.store, keyStore: false });
  const replayStart = performance.now();
  for (const id of ids) await cold.load(id, anna);
  const replayMs = performance.now() - replayStart;
  return {
    commandsPerSecond: (commands / commandMs) * 1000,
    loadsPerSecond: (profiles / replayMs) * 1000,
  };
};

export async function run() {
  const plain = [];
  const shredded = [];
  for (let round = 0; round < rounds; round++) {
    plain.push(await measure(false));
    shredded.push(await measure(true));
  }
  const best = (runs, key) => Math.max(...runs.map((r) => r[key]));
  const plainCommands = best(plain, "commandsPerSecond");
  const shreddedCommands = best(shredded, "commandsPerSecond");
  const plainLoads = best(plain, "loadsPerSecond");
  const shreddedLoads = best(shredded, "loadsPerSecond");
  return [
    {
      name: "commands/s, crypto-shredding on (mix of 6, in-memory)",
      value: Math.round(shreddedCommands),
      unit: "cmd/s",
      note: `${profiles} profiles, best of ${rounds}`,
    },
    {
      name: "baseline: same mix, shredding off (keyStore: false)",
      value: Math.round(plainCommands),
      unit: "cmd/s",
    },
    {
      name: "ratio shredding off / on (cost per command)",
      value: plainCommands / shreddedCommands,
      unit: "x",
    },
    {
      name: "cold profile loads/s, shredding on (decrypt on read)",
      value: Math.round(shreddedLoads),
      unit: "loads/s",
    },
    {
      name: "baseline: cold profile loads/s, shredding off",
      value: Math.round(plainLoads),
      unit: "loads/s",
    },
    { name: "ratio off / on (cost per load)", value: plainLoads / shreddedLoads, unit: "x" },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run()) console.log(row);
}
