import { expect } from "vitest";
import { type ClienteleError, type ErrorCode, isClienteleError } from "../../errors.js";
import { parseOrThrow } from "../../validation.js";
import { type CustomerCommandInput, customerCommandSchema } from "../commands/index.js";
import { type CustomerDecideContext, decide } from "../decide.js";
import type { CustomerEvent } from "../events/index.js";
import { evolve } from "../evolve.js";
import { type CustomerState, initialCustomerState } from "../state.js";

/** The instant every spec decides at, so consent dates and ids are predictable. */
export const specNow = new Date("2026-01-15T10:00:00.000Z");

/** Ids `id-1`, `id-2`, ... in the order the decider asks for them. */
export const sequentialIds = (): (() => string) => {
  let next = 0;
  return () => {
    next += 1;
    return `id-${next}`;
  };
};

/** The staff member every spec acts as unless it says otherwise. */
export const specActor = { kind: "staff", staffId: "anna" } as const;

export const specContext = (): CustomerDecideContext => ({
  now: specNow,
  newId: sequentialIds(),
  actor: specActor,
});

/** Who acts and when, when a spec needs other than `specActor` at `specNow`. */
export type SpecOverrides = Partial<Omit<CustomerDecideContext, "newId">>;

const run = (
  history: readonly CustomerEvent[],
  command: CustomerCommandInput,
  overrides: SpecOverrides,
) => {
  const state = history.reduce(evolve, initialCustomerState);
  const parsed = parseOrThrow(customerCommandSchema, command, "command");
  return { state, decided: () => decide(parsed, state, { ...specContext(), ...overrides }) };
};

/**
 * Reads like the rule it checks:
 * @example given(created()).when({ type: "AddTags", customerId, tags: "vip" }).then([tagged("vip")])
 * @example given(created()).when({ type: "SetNote", customerId, note: "x".repeat(5001) }).thenThrows("NOTE_TOO_LONG")
 */
export const given = (...events: CustomerEvent[]) => {
  return {
    when: (command: CustomerCommandInput, overrides: SpecOverrides = {}) => ({
      /** The command records exactly these events; returns the state they lead to. */
      // biome-ignore lint/suspicious/noThenProperty: given/when/then reads like the rule; never awaited.
      then: (expected: CustomerEvent[]): CustomerState => {
        const { state, decided } = run(events, command, overrides);
        const actual = decided();
        expect(actual).toEqual(expected);
        return actual.reduce(evolve, state);
      },
      /** The command is refused with `code`; `details` (if given) must match a subset. */
      thenThrows: (code: ErrorCode, details?: Record<string, unknown>): ClienteleError => {
        let caught: unknown;
        try {
          run(events, command, overrides).decided();
        } catch (error) {
          caught = error;
        }
        expect(isClienteleError(caught) ? caught.code : caught).toBe(code);
        const error = caught as ClienteleError;
        if (details) expect(error.details).toMatchObject(details);
        return error;
      },
    }),
  };
};
