import { describe, expect, it } from "vitest";
import { fixConfusions } from "./fix-confusions";

const fix = (text: string) =>
  fixConfusions([...text].map((char) => ({ char })))
    .map((c) => c.char)
    .join("");

describe("fixConfusions", () => {
  it.each([
    ["L0T 1851", "LOT 1851"],
    ["Ja1an Ipoh", "Jalan Ipoh"],
    ["433O0 SERI", "43300 SERI"],
    ["TOTAL 1O.50", "TOTAL 10.50"],
    ["F00DICI0US", "FOODICIOUS"],
    ["81300 SKUDAl, JOHOR", "81300 SKUDAI, JOHOR"],
    ["Jalan lpoh Batu 5", "Jalan Ipoh Batu 5"],
    ["88 Jalan lbrahim Sultan", "88 Jalan Ibrahim Sultan"],
  ])("%s -> %s", (read, fixed) => {
    expect(fix(read)).toBe(fixed);
  });

  it.each(["40ML", "1PC", "3RD FLR", "NO 31G", "UNIT L1-044B", "SS21/39", "B2", "PT15944", "Jalan lama", "Village Mall", "llama"])(
    "leaves %s alone",
    (text) => {
      expect(fix(text)).toBe(text);
    },
  );
});
