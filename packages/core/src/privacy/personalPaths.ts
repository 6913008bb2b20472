/**
 * Where personal data sits in one event type's data: a dotted path to a value (`email`,
 * `address.firstName`, `addresses[].phone`, where `[]` means every element), or `{ events: "gained" }`
 * for a field holding whole events (`{ type, data }`), each read with the map under its own type.
 */
export type PersonalPath = string | { events: string };

/** Event type -> its personal paths. Types not listed hold no personal data. */
export type PersonalFieldMap = Readonly<Record<string, readonly PersonalPath[]>>;

interface Segment {
  name: string;
  each: boolean;
}

const compiled = new Map<string, Segment[]>();
const segmentsOf = (path: string): Segment[] => {
  let segments = compiled.get(path);
  if (!segments) {
    segments = path.split(".").map((part) => ({
      name: part.endsWith("[]") ? part.slice(0, -2) : part,
      each: part.endsWith("[]"),
    }));
    compiled.set(path, segments);
  }
  return segments;
};

type Replace = (value: unknown) => unknown;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Copy-on-write: returns `items` itself when no element changed. */
const mapArray = (items: readonly unknown[], fn: (item: unknown) => unknown): unknown[] => {
  let out: unknown[] | undefined;
  items.forEach((item, i) => {
    const next = fn(item);
    if (next !== item) out ??= items.slice();
    if (out) out[i] = next;
  });
  return out ?? (items as unknown[]);
};

const mapAt = (node: unknown, segments: Segment[], at: number, replace: Replace): unknown => {
  // null and absent are not personal data: "no email" stays readable, like any other shape.
  if (at === segments.length) return node === null || node === undefined ? node : replace(node);
  const segment = segments[at] as Segment;
  if (!isRecord(node)) return node;
  const child = node[segment.name];
  if (child === undefined) return node;
  const next = segment.each
    ? Array.isArray(child)
      ? mapArray(child, (item) => mapAt(item, segments, at + 1, replace))
      : child
    : mapAt(child, segments, at + 1, replace);
  return next === child ? node : { ...node, [segment.name]: next };
};

const mapNestedEvents = (
  map: PersonalFieldMap,
  data: Record<string, unknown>,
  field: string,
  replace: Replace,
): Record<string, unknown> => {
  const events = data[field];
  if (!Array.isArray(events)) return data;
  const next = mapArray(events, (event) => {
    if (!isRecord(event) || typeof event.type !== "string" || !isRecord(event.data)) return event;
    const inner = mapPersonalValues(map, event.type, event.data, replace);
    return inner === event.data ? event : { ...event, data: inner };
  });
  return next === events ? data : { ...data, [field]: next };
};

/**
 * Replaces every personal value of one event's data with `replace(value)`, copying only what
 * changes (stored events may be frozen and are shared). Returns `data` itself when nothing did.
 *
 * @example
 * mapPersonalValues({ CustomerNoted: ["note"] }, "CustomerNoted", { note: "VIP" }, () => "[redacted]")
 * // { note: "[redacted]" }
 */
export const mapPersonalValues = (
  map: PersonalFieldMap,
  eventType: string,
  data: Record<string, unknown>,
  replace: Replace,
): Record<string, unknown> => {
  const paths = map[eventType];
  if (!paths) return data;
  let out = data;
  for (const path of paths) {
    out =
      typeof path === "string"
        ? (mapAt(out, segmentsOf(path), 0, replace) as Record<string, unknown>)
        : mapNestedEvents(map, out, path.events, replace);
  }
  return out;
};

/** Whether any personal value of the event satisfies `test` (e.g. is encrypted). */
export const somePersonalValue = (
  map: PersonalFieldMap,
  eventType: string,
  data: Record<string, unknown>,
  test: (value: unknown) => boolean,
): boolean => {
  let found = false;
  mapPersonalValues(map, eventType, data, (value) => {
    found ||= test(value);
    return value;
  });
  return found;
};
