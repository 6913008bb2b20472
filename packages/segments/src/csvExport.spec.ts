import { describe, expect, it } from "vitest";
import type { SegmentQuery } from "./ast.js";
import { csvCell, exportSegmentCsv } from "./csvExport.js";
import { parseSegmentQuery } from "./parser.js";
import type { SegmentReader } from "./segmentReader.js";
import { profileBook, profileOf } from "./spec/profiles.js";

interface Row {
  id: string;
  name: string;
  note?: string;
}

const columns = [
  { header: "id", value: (row: Row) => row.id },
  { header: "name", value: (row: Row) => row.name },
  { header: "note", value: (row: Row) => row.note },
];
const everyone = parseSegmentQuery("number_of_orders >= 0");

describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["Smith, Ann", '"Smith, Ann"'],
    ['6" tall', '"6"" tall"'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+33 6 12", "'+33 6 12"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["a=b", "a=b"],
    ["", ""],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers and booleans as they are and missing values as empty cells", () => {
    expect([csvCell(-12.5), csvCell(true), csvCell(undefined), csvCell(null)]).toEqual([
      "-12.5",
      "true",
      "",
      "",
    ]);
  });
});

describe("exportSegmentCsv", () => {
  it("writes a header and one CRLF record per member, in id order, skipping ids the lookup no longer knows", async () => {
    const { reader, put } = profileBook();
    put(profileOf("c2"), profileOf("c1"), profileOf("c3"));
    const rows = new Map<string, Row>([
      ["c1", { id: "c1", name: "Dupont, Zoé", note: '=cmd|" /C calc"!A0' }],
      ["c3", { id: "c3", name: "Ann" }],
    ]);
    const csv = exportSegmentCsv(reader, everyone, {
      columns,
      lookup: async (ids) =>
        new Map(ids.flatMap((id) => (rows.has(id) ? [[id, rows.get(id) as Row]] : []))),
    });
    expect((await csv.toArray()).join("")).toBe(
      'id,name,note\r\nc1,"Dupont, Zoé","\'=cmd|"" /C calc""!A0"\r\nc3,Ann,\r\n',
    );
  });

  it("streams 25,000 members page by page, never reading more than a page ahead of the consumer", async () => {
    const { reader, put } = profileBook();
    const ids = Array.from({ length: 25_000 }, (_, i) => `cus_${String(i).padStart(5, "0")}`);
    put(...ids.map((id) => profileOf(id)));
    const pages: number[] = [];
    const lookups: number[] = [];
    const counting: SegmentReader = {
      count: (query) => reader.count(query),
      page: async (query: SegmentQuery, options) => {
        const page = await reader.page(query, options);
        pages.push(page.ids.length);
        return page;
      },
    };
    const csv = exportSegmentCsv(counting, everyone, {
      columns: columns.slice(0, 2),
      pageSize: 500,
      lookup: async (batch) => {
        lookups.push(batch.length);
        return new Map(batch.map((id) => [id, { id, name: `N${id}` }]));
      },
    });

    let text = "";
    for await (const chunk of csv) {
      text += chunk;
      // Never more than one page read ahead of what the consumer has taken.
      const recordsTaken = text.split("\r\n").length - 2;
      expect(pages.length * 500).toBeLessThanOrEqual(recordsTaken + 1000);
    }
    const lines = text.split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(25_001);
    expect(lines[0]).toBe("id,name");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(ids);
    expect(pages).toHaveLength(50);
    expect(Math.max(...pages, ...lookups)).toBe(500);
  });

  it("stops reading pages when the consumer stops", async () => {
    const { reader, put } = profileBook();
    put(...Array.from({ length: 100 }, (_, i) => profileOf(`c${String(i).padStart(3, "0")}`)));
    let pagesRead = 0;
    const csv = exportSegmentCsv(
      {
        count: reader.count,
        page: (query, options) => {
          pagesRead++;
          return reader.page(query, options);
        },
      },
      everyone,
      {
        columns,
        pageSize: 10,
        lookup: async (ids) => new Map(ids.map((id) => [id, { id, name: id }])),
      },
    );
    for await (const chunk of csv) if (String(chunk).includes("c005")) break;
    expect(pagesRead).toBeLessThanOrEqual(2);
    expect(csv.destroyed).toBe(true);
  });

  it("refuses a page size the readers do not accept", () => {
    const { reader } = profileBook();
    expect(() =>
      exportSegmentCsv(reader, everyone, { columns, pageSize: 0, lookup: async () => new Map() }),
    ).toThrow(expect.objectContaining({ code: "VALIDATION_FAILED" }));
  });
});
