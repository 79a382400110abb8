import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeTextPdf } from "../../../../testing/fixtures";
import { analyzeDocument } from "../../../node/analyze-document";
import { classifyText } from "../../classify-document";
import { ZStructuredDocumentSchema } from "../../schemas";

/** Three bills of three suppliers, laid out three ways (label and value on one line, value below, a period in words), with their truth. */
const BILLS = [
  {
    file: "northwind-energy",
    lines: [
      "Northwind Energy",
      "12 Harbour Road, Leeds LS1 4AB",
      "Electricity bill",
      "Account number: 4481-2290-17",
      "Billing period: 01/09/2026 - 30/09/2026",
      "Previous reading 18 220   Present reading 18 731",
      "Units used 511 kWh at 0.2450 per kWh",
      "Standing charge 30 days at 0.53",
      "Amount due: £141.09",
      "Due date: 21/10/2026",
    ],
    truth: {
      supplier: "Northwind Energy",
      account_number: "4481-2290-17",
      period_start: "2026-09-01",
      period_end: "2026-09-30",
      amount_due: "141.09",
      due_date: "2026-10-21",
    },
  },
  {
    file: "stadtwerke-gas",
    lines: [
      "Stadtwerke Nordhafen GmbH",
      "Natural gas statement",
      "Customer number",
      "DE-778123",
      "Supply period 1 August 2026 to 31 August 2026",
      "Meter 7731-A  consumption 1 204 kWh",
      "Tariff Basis Gas",
      "Total due EUR 96,40",
      "Please pay by 15.09.2026",
    ],
    truth: {
      supplier: "Stadtwerke Nordhafen GmbH",
      account_number: "DE-778123",
      period_start: "2026-08-01",
      period_end: "2026-08-31",
      amount_due: "96.40",
      due_date: "2026-09-15",
    },
  },
  {
    file: "cascade-water",
    lines: [
      "Cascade Water & Power",
      "Account No. 00917-4432",
      "Service period 07/01/2026 through 07/31/2026",
      "Meter reading: current 48213, previous 47190",
      "Water usage 1,023 gallons",
      "Electricity 612 kWh",
      "Total amount due $88.15 USD",
      "Payment due 08/20/2026",
    ],
    truth: {
      supplier: "Cascade Water & Power",
      account_number: "00917-4432",
      period_start: "2026-07-01",
      period_end: "2026-07-31",
      amount_due: "88.15",
      due_date: "2026-08-20",
    },
  },
];

const corpus = mkdtempSync(join(tmpdir(), "docvault-utility-bills-"));
afterAll(() => rmSync(corpus, { recursive: true, force: true }));

describe("the utility bill, a document type registered by one line", () => {
  it("is classified from its words, and receipts and invoices stay what they are", () => {
    for (const bill of BILLS) expect(classifyText(bill.lines.join("\n")).type).toBe("utility_bill");
    expect(classifyText("SHOP 21\nCASHIER: ANN\n1 WATER 1.20\nTOTAL 1.20\nCASH 2.00\nCHANGE 0.80\nTHANK YOU").type).toBe("receipt");
    expect(classifyText("INVOICE 2026-114\nBill to: Acme\nDue date 01/12/2026\nIBAN NL91ABNA0417164300\nSubtotal 100.00").type).toBe("invoice");
  });

  it("reads supplier, account, period, amount due and due date from a text PDF, each with its box", async () => {
    const bill = BILLS[0];
    if (!bill) throw new Error("no bill");
    const analysis = await analyzeDocument({ bytes: await makeTextPdf([bill.lines]), type: "application/pdf" });
    expect(analysis.document.type).toBe("utility_bill");
    expect(ZStructuredDocumentSchema.parse(analysis.document)).toEqual(analysis.document);
    const fields = analysis.document.fields as Record<string, { value: unknown; source: unknown }>;
    expect(fields.supplier?.value).toBe("Northwind Energy");
    expect(fields.accountNumber?.value).toBe("4481-2290-17");
    expect([fields.periodStart?.value, fields.periodEnd?.value]).toEqual(["2026-09-01", "2026-09-30"]);
    expect(fields.amountDue?.value).toBe("141.09");
    expect(fields.dueDate?.value).toBe("2026-10-21");
    expect(fields.currency?.value).toBe("GBP");
    expect(fields.amountDue?.source).toMatchObject({ page: 0 });
  });

  it("is scored by pnpm eval through its registered evaluation, on bills the test makes", async () => {
    // A corpus laid out as `pnpm eval` reads it: a folder named after the type's evaluation category, truth beside each file.
    const category = join(corpus, "corpus", "utility_bills");
    mkdirSync(category, { recursive: true });
    for (const bill of BILLS) {
      writeFileSync(join(category, `${bill.file}.pdf`), await makeTextPdf([bill.lines]));
      writeFileSync(join(category, `${bill.file}.json`), JSON.stringify(bill.truth));
    }
    const out = join(corpus, "report.json");
    const root = fileURLToPath(new URL("../../../../../..", import.meta.url));
    const run = spawnSync("pnpm", ["eval", "--corpus", join(corpus, "corpus"), "--json", out], { cwd: root, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as { categories: Record<string, { items: number; fields: Record<string, number> }> };
    expect(report.categories.utility_bills?.items).toBe(3);
    expect(report.categories.utility_bills?.fields).toEqual({ supplier: 1, account_number: 1, period_start: 1, period_end: 1, amount_due: 1, due_date: 1 });
  }, 150_000);
});
