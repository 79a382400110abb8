import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { afterAll, describe, expect, it } from "vitest";
import { mrzToDocument } from "../../../documents/mrz/parse-mrz";
import { readMrz, stopMrzOcr } from "./read-mrz";

const require = createRequire(import.meta.url);
// A TTF shipped inside an installed npm package, so the test does not depend on system fonts.
const FONT = join(dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts", "LiberationSans-Regular.ttf");
GlobalFonts.registerFromPath(FONT, "MrzTestSans");

const MRZ = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];

/** A white passport data page: a title and some visual-zone text, the MRZ at the bottom. */
function renderPassport(): Uint8Array {
  const canvas = createCanvas(1000, 640);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, 1000, 640);
  context.fillStyle = "#000000";
  context.font = "34px MrzTestSans";
  context.fillText("PASSPORT  UTOPIA", 60, 70);
  context.font = "24px MrzTestSans";
  context.fillText("Surname: ERIKSSON   Given names: ANNA MARIA", 60, 150);
  context.fillText("Date of birth: 12 AUG 1974   Sex: F", 60, 200);
  context.font = "30px MrzTestSans";
  MRZ.forEach((line, i) => {
    // Each glyph centred in a fixed-pitch cell, as OCR-B prints it, whatever the font's own widths.
    for (let c = 0; c < line.length; c++) {
      const ch = line.charAt(c);
      context.fillText(ch, 40 + c * 21 + (21 - context.measureText(ch).width) / 2, 540 + i * 50);
    }
  });
  return canvas.toBuffer("image/png");
}

afterAll(async () => {
  await stopMrzOcr();
});

describe("readMrz", () => {
  it("reads the MRZ band of a rendered passport page and parses its fields", async () => {
    const read = await readMrz(renderPassport());
    expect(read?.lines).toEqual(MRZ);
    expect(read?.bbox.y0).toBeGreaterThan(450);
    if (!read) return;
    const passport = mrzToDocument(read.mrz, { now: new Date("2026-01-01T00:00:00Z") });
    expect(passport.type).toBe("passport");
    expect(passport.fields.documentNumber.value).toBe("L898902C3");
    expect(passport.fields.surname.value).toBe("ERIKSSON");
    expect(passport.fields.givenNames.value).toBe("ANNA MARIA");
    expect(passport.fields.dateOfBirth.value).toBe("1974-08-12");
    expect(passport.fields.mrzValid.value).toBe(true);
  }, 60_000);

  it("returns null for an image without an MRZ", async () => {
    const canvas = createCanvas(600, 300);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, 600, 300);
    context.fillStyle = "#000000";
    context.font = "28px MrzTestSans";
    context.fillText("Grocery receipt  TOTAL 12.50", 30, 150);
    expect(await readMrz(canvas.toBuffer("image/png"))).toBeNull();
  }, 60_000);
});
