/**
 * An empty record for hash fields. Without a prototype, assigning "__proto__" makes a field like
 * any other (on `{}` it would set the prototype and the field would vanish), and V8 keeps the
 * record as a hash table from the start: field names such as `order:<id>` are new in almost
 * every record, and giving each its own hidden class made copying fields ten times slower.
 */
export const fieldRecord = (): Record<string, string> => Object.create(null);
