import type { ViewWriter } from "../view/viewOps.js";

/**
 * One event's changes to a customer's summary hash, written as one HDEL and one HSET when the
 * event is done. An event touches the summary three or four times (revision, contact, status,
 * tags), and every op recorded costs planning, folding and encoding before compaction would merge
 * them anyway. As when written in turn, a later change to a field wins over an earlier one.
 */
export interface SummaryWrites {
  set(fields: Readonly<Record<string, string | number>>): void;
  delete(...fields: string[]): void;
  writeTo(view: ViewWriter, key: string): void;
}

export const summaryWrites = (): SummaryWrites => {
  // No prototype: field names come from tags and order ids, and "__proto__" must stay a field.
  const set: Record<string, string | number> = Object.create(null);
  let deleted: Set<string> | undefined;
  let anySet = false;
  return {
    set(fields) {
      for (const field of Object.keys(fields)) {
        set[field] = fields[field] as string | number;
        deleted?.delete(field);
        anySet = true;
      }
    },
    delete(...fields) {
      deleted ??= new Set();
      for (const field of fields) {
        deleted.add(field);
        delete set[field];
      }
    },
    writeTo(view, key) {
      if (deleted && deleted.size > 0) view.deleteFields(key, ...deleted);
      if (anySet) view.setFields(key, set);
    },
  };
};
