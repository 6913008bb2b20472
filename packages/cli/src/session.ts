import { type Customers, createCustomers, type Principal, storeSelection } from "@clientele/core";
import { referenceSegmentReader, type SegmentReader, segmentSelection } from "@clientele/segments";
import { isListed, loadProfiles, type Profiles, segmentProfileOf } from "./profiles.js";
import { loadRoles, principalFor } from "./roles.js";
import { type OpenedStore, openStore } from "./store.js";

/** The global options every command takes. */
export interface GlobalOptions {
  store: string;
  as?: string;
  roles: string;
  json?: boolean;
  keysDir?: string;
}

/** An open store, the customers service on it, and who acts. */
export interface Session {
  opened: OpenedStore;
  customers: Customers;
  principal: Principal;
  /** The in-memory read model, built on first use and rebuilt by `refresh`. */
  profiles(): Promise<Profiles>;
  reader(): Promise<SegmentReader>;
  close(): Promise<void>;
}

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Opens the store and resolves `--as` against the roles file; FORBIDDEN before anything opens. */
export const openSession = async (options: GlobalOptions): Promise<Session> => {
  const principal = principalFor(await loadRoles(options.roles), options.as);
  const opened = await openStore(options.store, options.keysDir);
  let built: Promise<Profiles> | undefined;
  const profiles = () => {
    built ??= loadProfiles(customers.store);
    return built;
  };
  const reader = async () => {
    const { byId } = await profiles();
    return referenceSegmentReader(
      () =>
        [...byId]
          .filter(([, entry]) => isListed(entry))
          .map(([id, entry]) => segmentProfileOf(id, entry)),
      () => ({ timeZone, now: new Date() }),
    );
  };
  const segmentAware = {
    async resolve(selection: Parameters<ReturnType<typeof storeSelection>["resolve"]>[0]) {
      return segmentSelection(await reader(), storeSelection(customers.store)).resolve(selection);
    },
  };
  const customers = createCustomers({
    store: opened.events,
    keyStore: opened.keyStore,
    uniquenessSecret: opened.uniquenessSecret,
    selection: segmentAware,
  });
  return {
    opened,
    customers,
    principal,
    profiles,
    reader,
    close: () => opened.close(),
  };
};
