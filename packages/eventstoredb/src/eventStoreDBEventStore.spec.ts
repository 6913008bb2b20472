import { newId } from "@clientele/core";
import { describeEventStoreContract } from "@clientele/core/contract";
import { getEventStoreDBEventStore } from "./eventStoreDBEventStore.js";

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

// Each factory call gets its own stream namespace, so tests sharing one server see an empty store.
describeEventStoreContract(
  "EventStoreDB",
  async () => {
    const store = getEventStoreDBEventStore({
      ...(connectionString === undefined ? {} : { connectionString }),
      streamPrefix: `contract${newId()}-`,
    });
    return { store, teardown: () => store.close() };
  },
  connectionString
    ? {}
    : {
        skipReason:
          "EVENTSTORE_CONNECTION_STRING is not set; no EventStoreDB server is reachable on this machine",
      },
);
