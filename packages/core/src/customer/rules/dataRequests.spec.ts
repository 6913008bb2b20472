import { describe, expect, it } from "vitest";
import { created, customerId } from "../spec/fixtures.js";
import { given, specNow } from "../spec/givenWhenThen.js";

const start = { type: "StartDataRequest", customerId } as const;
const started = {
  type: "DataRequestStarted",
  data: { requestId: "r1", requestedAt: specNow.toISOString() },
} as const;

describe("customer data requests", () => {
  it("starting one records it, with the caller's id or a minted one", () => {
    given(created())
      .when({ ...start, requestId: "r1" })
      .then([started]);
    const state = given(created())
      .when(start)
      .then([
        {
          type: "DataRequestStarted",
          data: { requestId: "id-1", requestedAt: specNow.toISOString() },
        },
      ]);
    expect(state.dataRequest?.requestId).toBe("id-1");
  });

  it("one at a time: starting while one runs changes nothing", () => {
    given(created(), started)
      .when({ ...start, requestId: "r2" })
      .then([]);
  });

  it("completing the running one clears it; another id fails with DATA_REQUEST_NOT_FOUND", () => {
    const state = given(created(), started)
      .when({ type: "CompleteDataRequest", customerId, requestId: "r1" })
      .then([{ type: "DataRequestCompleted", data: { requestId: "r1" } }]);
    expect(state.dataRequest).toBeNull();
    given(created(), started)
      .when({ type: "CompleteDataRequest", customerId, requestId: "r9" })
      .thenThrows("DATA_REQUEST_NOT_FOUND", { requestId: "r9" });
  });
});
