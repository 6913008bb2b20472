import { defaultDigitBase, type IndexEntityChange } from "./indexEntity.js";

/** The change as both stores run it: ordered lists, defaults filled, so Lua and JS agree. */
export interface WireChange {
  remove?: true;
  slots: Array<[name: string, values: string[]]>;
  numbers: Array<{
    name: string;
    mode: "add" | "set" | "max" | "min";
    value: number;
    /** The base of the part `name`, which `add` writes. */
    base: number;
    parts: Array<[part: string, value: number, base: number]>;
  }>;
  entries: Array<[key: string, suffix: string, score: number]>;
}

export const toWireChange = (change: IndexEntityChange): WireChange => ({
  ...(change.remove ? { remove: true } : {}),
  slots: Object.entries(change.slots ?? {}).map(([name, values]) => [name, [...(values ?? [])]]),
  numbers: (change.numbers ?? []).map((number) => ({
    name: number.name,
    mode: number.mode,
    value: number.value,
    base: number.bases?.[number.name] ?? defaultDigitBase,
    parts: Object.entries(number.parts ?? { [number.name]: number.value }).map(
      ([part, value]): [string, number, number] => [
        part,
        value,
        number.bases?.[part] ?? defaultDigitBase,
      ],
    ),
  })),
  entries: (change.entries ?? []).map((entry) => [entry.key, entry.suffix, entry.score]),
});
