/**
 * Where a background reader keeps how far it got in the global log. Losing it costs a rescan,
 * never correctness: the email dispatcher skips every send whose outcome is already recorded.
 *
 * @example await checkpoints.save("email-outbox", event.position);
 */
export interface CheckpointStore {
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}

/**
 * Checkpoints in process memory: a restarted dispatcher rescans from the start.
 * @example const checkpoints = getInMemoryCheckpointStore();
 */
export const getInMemoryCheckpointStore = (): CheckpointStore => {
  const positions = new Map<string, bigint>();
  return {
    load: async (name) => positions.get(name),
    save: async (name, position) => {
      positions.set(name, position);
    },
  };
};
