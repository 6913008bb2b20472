import type { Actor } from "../actor.js";
import type { ErasurePeriods } from "./rules/erasure.js";

/** What deciding may use besides command and state, injected so a decision replays exactly. */
export interface CustomerDecideContext {
  now: Date;
  /** Mints ids for things the command creates (addresses). */
  newId(): string;
  /** Who sends the command: an erasure records its requester, and only they may cancel it. */
  actor: Actor;
  /** The store's erasure periods; default 10 days / 6 months (privacy.md). */
  erasurePeriods?: ErasurePeriods | undefined;
}
