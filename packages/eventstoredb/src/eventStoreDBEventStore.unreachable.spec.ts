import { type ClienteleError, newId } from "@clientele/core";
import { contractEvent } from "@clientele/core/contract";
import { EventStoreDBClient } from "@eventstore/db-client";
import { afterEach, describe, expect, it } from "vitest";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";

// A real client against a port nothing listens on: the operating system refuses the connection,
// which is exactly what a store sees while a node is down. No server is simulated.
const nowhere = "esdb://127.0.0.1:1?tls=false";

const failure = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: "ClienteleError" });
  return error as ClienteleError;
};

describe("EventStoreDB store without a reachable server", () => {
  const stores: { close(): Promise<void> }[] = [];
  const open = (options: Parameters<typeof getEventStoreDBEventStore>[0] = {}) => {
    const store = getEventStoreDBEventStore({ connectionString: nowhere, ...options });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it("reports reads and appends as EVENT_STORE_UNAVAILABLE", async () => {
    const store = open();
    expect((await failure(store.readStream("clientele-customer-1"))).code).toBe(
      "EVENT_STORE_UNAVAILABLE",
    );
    expect((await failure(store.readAll({ maxCount: 1 }))).code).toBe("EVENT_STORE_UNAVAILABLE");
    expect((await failure(store.appendToStream("s", [contractEvent()]))).code).toBe(
      "EVENT_STORE_UNAVAILABLE",
    );
  });

  it("validates input before touching the network", async () => {
    const store = open();
    const bad = { ...contractEvent(), data: { n: Number.NaN } };
    expect((await failure(store.appendToStream("s", [bad]))).code).toBe("VALIDATION_FAILED");
    expect((await failure(store.appendToStream("", [contractEvent()]))).code).toBe(
      "VALIDATION_FAILED",
    );
  });

  it("keeps resubscribing with growing delays until stopped", async () => {
    const client = EventStoreDBClient.connectionString(nowhere);
    const attempts: number[] = [];
    const subscribeToAll = client.subscribeToAll.bind(client);
    client.subscribeToAll = (...args) => {
      attempts.push(Date.now());
      return subscribeToAll(...args);
    };
    const store = open({ client, resubscribeBackoff: { initialMs: 10, maxMs: 80 } });
    const subscription = store.subscribe({ filter: { streamPrefixes: [`x${newId()}`] } }, () => {
      throw new Error("no event can arrive");
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(40);
    const count = attempts.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(attempts).toHaveLength(count);
    await client.dispose();
  });

  it("resubscribes from the checkpoint it was given, filtered to the store's namespace", async () => {
    const client = EventStoreDBClient.connectionString(nowhere);
    const calls: Parameters<typeof client.subscribeToAll>[0][] = [];
    const subscribeToAll = client.subscribeToAll.bind(client);
    client.subscribeToAll = (...args) => {
      calls.push(args[0]);
      return subscribeToAll(...args);
    };
    const store = open({
      client,
      streamPrefix: "shop1-",
      resubscribeBackoff: { initialMs: 5, maxMs: 20 },
    });
    const subscription = store.subscribe(
      { after: 42n, filter: { streamPrefixes: ["clientele-customer-"] } },
      () => undefined,
    );
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await subscription.stop();
    await client.dispose();
    process.off("warning", onWarning);
    expect(calls.length).toBeGreaterThanOrEqual(12);
    // Many backoff sleeps on one subscription must not pile listeners on its abort signal.
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    for (const options of calls) {
      expect(options?.fromPosition).toEqual({ commit: 42n, prepare: 42n });
      expect(options?.filter).toMatchObject({ prefixes: ["shop1-clientele-customer-"] });
    }
  });

  it("refuses every call once closed", async () => {
    const store = open();
    await store.close();
    expect((await failure(store.readStream("s"))).code).toBe("EVENT_STORE_UNAVAILABLE");
  });

  it("asks for a connection string when it has none", () => {
    expect(() => getEventStoreDBEventStore({ connectionString: "" })).toThrow(
      /EVENTSTORE_CONNECTION_STRING/,
    );
  });
});
