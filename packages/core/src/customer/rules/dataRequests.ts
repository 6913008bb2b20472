import { ClienteleError } from "../../errors.js";
import type { CommandOf } from "../commands/index.js";
import type { CustomerEvent } from "../events/index.js";
import type { CustomerState } from "../state.js";

/** One request at a time: starting while one runs changes nothing (the running one is the answer). */
export const decideStartDataRequest = (
  command: CommandOf<"StartDataRequest">,
  state: CustomerState,
  context: { now: Date; newId(): string },
): CustomerEvent[] =>
  state.dataRequest
    ? []
    : [
        {
          type: "DataRequestStarted",
          data: {
            requestId: command.requestId ?? context.newId(),
            requestedAt: context.now.toISOString(),
          },
        },
      ];

/** Completes the running request; DATA_REQUEST_NOT_FOUND for any other id. */
export const decideCompleteDataRequest = (
  command: CommandOf<"CompleteDataRequest">,
  state: CustomerState,
): CustomerEvent[] => {
  if (state.dataRequest?.requestId !== command.requestId) {
    throw new ClienteleError(
      "DATA_REQUEST_NOT_FOUND",
      `Customer ${state.id} has no data request ${command.requestId} in progress; start one first.`,
      { customerId: state.id, requestId: command.requestId, inProgress: state.dataRequest },
    );
  }
  return [{ type: "DataRequestCompleted", data: { requestId: command.requestId } }];
};
