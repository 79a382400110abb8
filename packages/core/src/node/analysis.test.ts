import bwipjs from "bwip-js/node";
import { afterAll, describe, expect, it } from "vitest";
import { buildAamvaPayload } from "../documents/aamva/build-aamva-payload";
import { makeTextPdf } from "../../testing/fixtures";
import { keptByPolicy, parseStoredAnalysis, typeKeptOnServer, withLocalReading, withRemoteReading, type TAnalysis } from "./analysis";
import { analyzeDocument } from "./analyze-document";
import { stopLocalOcr } from "./engines/local-ocr";
import { identityReaders, stopIdentityReaders } from "./identity-readers";

afterAll(async () => {
  await stopLocalOcr();
  await stopIdentityReaders();
});

/** As an Extraction row stores it: JSON. */
const stored = (analysis: TAnalysis): unknown => JSON.parse(JSON.stringify(analysis));

describe("stored analyses", () => {
  it("read back whole for receipts, invoices and licences (nothing the structurers write is dropped)", async () => {
    const receipt = await analyzeDocument({
      bytes: await makeTextPdf([
        ["CORNER BAKERY SDN BHD", "12 JALAN MAWAR, 81100 JOHOR BAHRU", "Date: 03/12/2026", "BREAD 2 x 1.75 3.50", "TOTAL 3.50", "CASH 5.00", "CHANGE 1.50"],
      ]),
      type: "application/pdf",
    });
    const invoice = await analyzeDocument({
      bytes: await makeTextPdf([
        ["ACME GmbH", "Invoice number: 2026-041", "Invoice date: 01.12.2026", "IBAN DE89370400440532013000", "Net 100.00", "VAT 19% 19.00", "Total 119.00"],
      ]),
      type: "application/pdf",
    });
    const payload = buildAamvaPayload({
      issuerId: "636014",
      aamvaVersion: 9,
      jurisdictionVersion: 0,
      elements: [
        ["DAQ", "D7654321"],
        ["DCS", "OKAFOR"],
        ["DAC", "ADA"],
        ["DBB", "03121990"],
      ],
    });
    const photo = await bwipjs.toBuffer({
      bcid: "pdf417",
      text: payload,
      binarytext: true,
      scale: 2,
      paddingwidth: 10,
      paddingheight: 10,
      backgroundcolor: "FFFFFF",
    });
    const licence = await analyzeDocument({ bytes: photo, type: "image/png", readers: identityReaders });
    expect([receipt.document.type, invoice.document.type, licence.document.type]).toEqual(["receipt", "invoice", "drivers_license"]);
    for (const analysis of [receipt, invoice, licence]) {
      // Local results bill nothing: the two counts come back as 0 where they were left out.
      expect(parseStoredAnalysis(stored(analysis))).toEqual({ pagesBilled: 0, costUsd: 0, ...(stored(analysis) as object) });
    }
  });

  it("are refused when they are not an analysis: a damaged row or an older shape is read again, never cast", () => {
    expect(parseStoredAnalysis({ text: "hello" })).toBeNull();
    expect(parseStoredAnalysis(null)).toBeNull();
  });
});

describe("withRemoteReading", () => {
  const local: TAnalysis = {
    pipelineVersion: "test",
    engines: ["paddle"],
    pages: [{ index: 0, width: 100, height: 100, text: "TOTAL 3.50", confidence: 0.9, words: [] }],
    text: "TOTAL 3.50",
    confidence: 0.4,
    classification: { type: "receipt", confidence: 0.7 },
    document: { type: "other", fields: { title: { value: null, confidence: 0, source: null, method: "ocr-rules" } } },
    barcodes: [],
    warnings: [],
  };
  const remote = {
    engine: "mistral" as const,
    document: { type: "other" as const, fields: { title: { value: "Receipt", confidence: 0.9, source: null, method: "mistral" as const } } },
    pages: [{ index: 0, width: 1, height: 1, text: "remote", confidence: 1, words: [] }],
    text: "remote",
    pagesBilled: 1,
    costUsd: 0.001,
  };

  it("takes the remote fields and bill, keeps the local pages and text (they carry the boxes)", () => {
    const merged = withRemoteReading(local, remote);
    expect(merged.document).toEqual(remote.document);
    expect(merged.engines).toEqual(["paddle", "mistral"]);
    expect(merged.pages).toBe(local.pages);
    expect(merged.text).toBe("TOTAL 3.50");
    expect([merged.pagesBilled, merged.costUsd]).toEqual([1, 0.001]);
    // The remote engine read another type than the local classifier: its word, at a set confidence.
    expect(merged.classification).toEqual({ type: "other", confidence: 0.8 });
  });

  it("takes the remote text where the local engines read none", () => {
    const merged = withRemoteReading({ ...local, pages: [], text: " " }, remote);
    expect([merged.pages, merged.text]).toEqual([remote.pages, "remote"]);
  });
});

describe("a local reading kept on this server", () => {
  const local: TAnalysis = {
    pipelineVersion: "test",
    engines: ["paddle"],
    pages: [],
    text: "P<UTOERIKSSON<<ANNA<MARIA",
    confidence: 0.4,
    pagesBilled: 0,
    costUsd: 0,
    barcodes: [],
    warnings: [],
    // The words said passport; the MRZ reader failed, so it was structured as "other".
    classification: { type: "passport", confidence: 0.9 },
    document: { type: "other", fields: { title: { value: null, confidence: 0, source: null, method: "ocr-rules" } } },
  };

  it("stays for its type as its words said it, not only as it was structured", () => {
    expect(typeKeptOnServer(local, ["receipt", "invoice", "other"])).toBe("passport");
    expect(typeKeptOnServer(local, ["passport", "other"])).toBeUndefined();
    expect(typeKeptOnServer({ ...local, classification: { type: "other", confidence: 0.5 } }, ["receipt"])).toBe("other");
  });

  it("says why, and is stored and read back with the reason", () => {
    const kept = keptByPolicy(local, "passport");
    expect(kept.keptLocal?.reason).toBe("Not sent out of this server: Passport is not among the types that may be (ESCALATE_TYPES).");
    expect(parseStoredAnalysis(stored(kept))?.keptLocal).toEqual(kept.keptLocal);
    expect(withLocalReading(local, "Mistral rejected the API key (HTTP 401); check the configured key.").keptLocal?.reason).toBe(
      "Mistral unavailable: kept the local reading. Mistral rejected the API key (HTTP 401); check the configured key.",
    );
    // The reading itself is the local one, untouched.
    expect({ ...kept, keptLocal: undefined }).toEqual({ ...local, keptLocal: undefined });
  });
});
