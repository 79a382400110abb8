import { describe, expect, it } from "vitest";
import { correctMrz, correctMrzReading } from "./correct-mrz";
import { makeTd3 } from "./make-mrz-lines";
import { recognisedCell, textReading } from "./mrz-reading";
import { isKnownStateCode } from "./state-codes";

const FIELDS = {
  code: "P",
  state: "CAN",
  surname: "MARTIN",
  givenNames: "SARAH",
  number: "ZE000509",
  nationality: "CAN",
  birth: "850101",
  sex: "F",
  expiry: "230114",
};

describe("state codes", () => {
  it("knows ICAO's codes, Germany's D<<, the specimen state UTO and codes of states that have ceased", () => {
    for (const code of ["CAN", "D<<", "UTO", "XXA", "EUE", "YUG"]) expect(isKnownStateCode(code)).toBe(true);
    for (const code of ["OAZ", "QQQ", "CA<"]) expect(isKnownStateCode(code)).toBe(false);
  });

  it("takes the cheapest reading on ICAO's list where the likeliest is not on it (CAN read as 0A2)", () => {
    const truth = makeTd3(FIELDS);
    const reading = textReading(truth);
    const line = reading[1] as ReturnType<typeof recognisedCell>[];
    line[10] = recognisedCell([
      { char: "0", p: 0.42 },
      { char: "9", p: 0.08 },
      { char: "C", p: 0.05 },
    ]);
    line[11] = recognisedCell([
      { char: "A", p: 0.27 },
      { char: "4", p: 0.1 },
    ]);
    line[12] = recognisedCell([
      { char: "2", p: 0.3 },
      { char: "N", p: 0.22 },
    ]);
    const result = correctMrzReading(reading, "TD3");
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("makes an MRZ whose state is no code at all invalid, whatever its check digits", () => {
    const truth = makeTd3(FIELDS);
    const result = correctMrz([truth[0] ?? "", `${truth[1]?.slice(0, 10)}QQQ${truth[1]?.slice(13)}`]);
    expect(result?.checks.every((check) => check.valid)).toBe(true);
    expect(result?.valid).toBe(false);
  });
});
