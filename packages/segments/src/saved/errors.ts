import { ClienteleError } from "@clientele/core";

/** Two saved segments may not share a name (compared ignoring case and spacing). */
export const segmentNameTaken = (name: string, segmentId: string): ClienteleError =>
  new ClienteleError(
    "SEGMENT_NAME_TAKEN",
    `The segment name "${name}" is already used by segment ${segmentId}. Choose another name, or update that segment instead.`,
    { field: "name", name, segmentId },
  );

/** No saved segment has this id, or it was deleted. */
export const segmentNotFound = (segmentId: string): ClienteleError =>
  new ClienteleError(
    "SEGMENT_NOT_FOUND",
    `There is no saved segment ${segmentId}: it was never created or has been deleted. List the saved segments to find its id.`,
    { segmentId },
  );
