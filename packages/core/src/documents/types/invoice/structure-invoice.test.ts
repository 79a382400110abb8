import { describe, expect, it } from "vitest";
import type { TPage, TWord } from "../../../extraction/extraction-result";
import { classifyText } from "../../classify-document";
import { detectCurrency } from "../../parse/parse-amount";
import { structureInvoice } from "./structure-invoice";

const page = (lines: string[], words: TWord[] = []): TPage[] => [{ index: 0, width: 600, height: 800, text: lines.join("\n"), confidence: 0.9, words }];
const valuesOf = (lines: string[], words?: TWord[]) =>
  Object.fromEntries(Object.entries(structureInvoice(page(lines, words)).fields).map(([k, f]) => [k, (f as { value: unknown }).value]));

/** Words laid out as printed: each line's words at the x positions given, one line every 20 units. */
function laidOut(rows: [string, number][][]): { lines: string[]; words: TWord[] } {
  const words: TWord[] = [];
  rows.forEach((row, y) => {
    for (const [text, x] of row) {
      for (const [k, part] of text.split(" ").entries()) {
        const x0 = x + k * 60;
        words.push({ text: part, confidence: 0.9, bbox: { x0, y0: y * 20, x1: x0 + 8 * part.length, y1: y * 20 + 12 } });
      }
    }
  });
  return { lines: rows.map((row) => row.map(([text]) => text).join(" ")), words };
}

describe("structureInvoice: wordings and layouts beyond the corpus's", () => {
  it("reads a row of labels over a row of values by column, with and without word boxes", () => {
    const lines = [
      "Acme Widgets, Inc.",
      "INVOICE",
      "Invoice Number Invoice Date Due Date",
      "INV-2024-0042 03/15/2024 04/14/2024",
      "Subtotal $100.00",
      "Sales Tax (8.5%) $8.50",
      "Amount Payable $108.50",
    ];
    const expected = { invoiceNumber: "INV-2024-0042", date: "2024-03-15", dueDate: "2024-04-14", total: "108.50", net: "100.00", currency: "USD" };
    expect(valuesOf(lines)).toMatchObject(expected);
    // The same by boxes, the values set out under their labels though their order in the text differs in width.
    const table = laidOut([
      [["Acme Widgets, Inc.", 10]],
      [
        ["Invoice Number", 10],
        ["Invoice Date", 250],
        ["Due Date", 450],
      ],
      [
        ["INV-2024-0042", 10],
        ["03/15/2024", 255],
        ["04/14/2024", 455],
      ],
      [["Amount Payable $108.50", 10]],
    ]);
    expect(valuesOf(table.lines, table.words)).toMatchObject({ invoiceNumber: "INV-2024-0042", date: "2024-03-15", dueDate: "2024-04-14" });
  });

  it("takes a number printed on the line under its label, and never a date for the number", () => {
    expect(valuesOf(["Schmidt Consulting GmbH", "Rechnung", "Rechnungs-Nr.", "2024-0815", "Datum", "14.03.2024", "Rechnungsbetrag 595,00 EUR"])).toMatchObject({
      invoiceNumber: "2024-0815",
      date: "2024-03-14",
      total: "595.00",
    });
    // "Fattura n." is the number's label; "Data fattura" comes first with a date after it.
    expect(valuesOf(["Rossi Servizi S.r.l.", "Data fattura 18/03/2024", "Fattura n. 45/2024", "Totale documento € 244,00"])).toMatchObject({
      invoiceNumber: "45/2024",
      date: "2024-03-18",
    });
  });

  it("names issuers with letters beyond ASCII and the legal forms of more countries", () => {
    expect(valuesOf(["Müller Software GmbH", "Rechnungsnummer: RE-1", "Gesamtbetrag 1.190,00 €"]).issuer).toBe("Müller Software GmbH");
    expect(valuesOf(["Soluciones Ibéricas S.L.", "Factura nº 2024/015", "Total factura 363,00 €"]).issuer).toBe("Soluciones Ibéricas S.L.");
    // A label ending in a full stop before the name is not part of it.
    expect(valuesOf(["FACTUUR. Coolblue B.V.", "Factuurnummer: 7", "Coolblue B.V.", "Totaal € 10,00"]).issuer).toBe("Coolblue B.V.");
    // Tried: an American corporation, a German limited partnership, particles inside a name, a Malaysian company.
    expect(valuesOf(["Brightline Consulting Corp.", "Invoice #: 10234", "Balance Due $1,284.00"]).issuer).toBe("Brightline Consulting Corp.");
    expect(valuesOf(["Muster Handwerk GmbH & Co. KG", "Rechnungsnummer: RE-2", "Rechnungsbetrag 119,00 €"]).issuer).toBe("Muster Handwerk GmbH & Co. KG");
    expect(valuesOf(["Bakkerij de Vries B.V.", "Factuurnummer: 2024-0042", "Totaal € 54,50"]).issuer).toBe("Bakkerij de Vries B.V.");
    expect(valuesOf(["Invoice 7 from Smith & Sons Ltd", "Total £10.00"]).issuer).toBe("Smith & Sons Ltd");
    expect(valuesOf(["SYARIKAT MAJU JAYA SDN BHD", "Invoice No: 88", "Total RM 10.00"]).issuer).toBe("SYARIKAT MAJU JAYA SDN BHD");
  });

  it("reads the invoice number under the labels invoices print besides 'number' (ID, Ref, Inv. No.), and German 'Gesamt' as the total", () => {
    expect(valuesOf(["Cloudy Services Inc.", "Invoice ID: 4F2A-1990", "Amount due (USD) $12.00"]).invoiceNumber).toBe("4F2A-1990");
    expect(valuesOf(["Acme Ltd", "INV. NO. 0001234", "Total (EUR) 12.00"]).invoiceNumber).toBe("0001234");
    expect(valuesOf(["Acme Ltd", "Invoice Ref: AC-7781", "Total 15,00 €"]).invoiceNumber).toBe("AC-7781");
    // An inventory line is no invoice number: "Inv" counts only with the word for its number.
    expect(valuesOf(["Acme Ltd", "Inventory 2024 stock count", "Total 1,00 €"]).invoiceNumber).toBeNull();
    expect(valuesOf(["Acme GmbH", "Rechnung Nr.: 2024/17", "Datum: 01.02.2024", "Gesamt: 12,00 €"])).toMatchObject({
      invoiceNumber: "2024/17",
      total: "12.00",
    });
  });

  it("names a sole trader who prints no legal form by the letterhead's first line, unsure, and never a heading, a label or an address", () => {
    const issuer = (lines: string[]) => structureInvoice(page(lines)).fields.issuer;
    expect(issuer(["Jane Doe Design", "12 Rose Lane, Bristol BS1 4DJ", "INVOICE", "Invoice No: 17", "Total £450.00"])).toMatchObject({
      value: "Jane Doe Design",
      confidence: 0.35,
    });
    expect(issuer(["INVOICE", "Mark Peters Photography", "Invoice # 2024-03", "Total $300.00"]).value).toBe("Mark Peters Photography");
    expect(issuer(["12 Rose Lane", "Invoice No: 17", "Total £450.00"]).value).toBeNull();
    expect(issuer(["Bill To: Jane Doe", "Invoice No: 17", "Total £450.00"]).value).toBeNull();
    expect(issuer(["Tax Invoice", "Original Copy", "Invoice No: 17", "Total £450.00"]).value).toBeNull();
  });

  it("reads an Indian invoice: the taxable value as its net, CGST + SGST (or IGST) as its tax, the GSTIN as its VAT number", () => {
    const lines = [
      "Sunrise Hospitality Pvt. Ltd.",
      "Invoice No. SRH/2019/1123",
      "Invoice Date 12 Jan 2019",
      "Taxable Value 3,000.00",
      "CGST @ 9% 270.00",
      "SGST @ 9% 270.00",
      "Total Amount Payable ₹ 3,540.00",
      "GSTIN: 29ABCDE1234F1Z5",
    ];
    expect(valuesOf(lines)).toMatchObject({ net: "3000.00", tax: "540.00", total: "3540.00", vatId: "29ABCDE1234F1Z5", currency: "INR" });
    // net + tax = total vouches for all three.
    expect(structureInvoice(page(lines)).fields.total.confidence).toBeGreaterThan(0.9);
    expect(
      valuesOf(["Ravi Traders Pvt Ltd", "Tax Invoice No: RT-88", "Taxable Amount Rs. 1,000.00", "IGST 18% Rs. 180.00", "Grand Total Rs. 1,180.00"]),
    ).toMatchObject({
      net: "1000.00",
      tax: "180.00",
      total: "1180.00",
    });
  });

  it("reads invoices in Portuguese, Polish, Swedish and Swiss wording: their names for the invoice, the sum to pay, the net, the VAT number, the currency", () => {
    const pt = [
      "Soluções Lusas Lda.",
      "Fatura N.º FT 2023/145",
      "Data de emissão: 15/03/2023",
      "Total s/ IVA 100,00 €",
      "IVA 23% 23,00 €",
      "Total a pagar 123,00 €",
    ];
    expect(classifyText(pt.join("\n")).type).toBe("invoice");
    // "Total s/ IVA" (without VAT) is the net, not the tax.
    expect(valuesOf(pt)).toMatchObject({ net: "100.00", tax: "23.00", total: "123.00" });
    const pl = ["Kowalski Sp. z o.o.", "Faktura VAT nr FV/12/2023", "Razem netto 100,00 zł", "VAT 23% 23,00 zł", "Do zapłaty: 123,00 zł", "NIP: PL1234567890"];
    expect(classifyText(pl.join("\n")).type).toBe("invoice");
    expect(valuesOf(pl)).toMatchObject({ invoiceNumber: "FV/12/2023", net: "100.00", total: "123.00", currency: "PLN", vatId: "PL1234567890" });
    const se = ["Svensson AB", "Faktura nr 1001", "Fakturadatum 2024-01-15", "Att betala 1 250,00 SEK", "Momsreg.nr SE556677889901"];
    expect(valuesOf(se)).toMatchObject({ invoiceNumber: "1001", date: "2024-01-15", total: "1250.00", currency: "SEK", vatId: "SE556677889901" });
    // Swiss francs grouped with an apostrophe, and the UID as the VAT number.
    expect(valuesOf(["Muster AG", "Rechnung Nr. 2024-7", "Total CHF 1'080.00", "MWST-Nr. CHE-123.456.789 MWST"])).toMatchObject({
      total: "1080.00",
      currency: "CHF",
      vatId: "CHE-123.456.789",
    });
  });

  it("reads an invoice date written with an ordinal day or Spanish 'de'", () => {
    expect(valuesOf(["Northwind Traders Ltd", "Invoice Number: NW-5521", "Invoice Date: 3rd June 2022", "Total Due £300.00"]).date).toBe("2022-06-03");
    expect(valuesOf(["Northwind Traders Ltd", "Invoice 1", "Dated 22nd of March, 2021", "Total £3.00"]).date).toBe("2021-03-22");
    expect(valuesOf(["Distribuciones García S.L.", "Nº Factura: A-1", "Fecha: 12 de marzo de 2024", "Total 1,00 €"]).date).toBe("2024-03-12");
    expect(valuesOf(["Élec Services SARL", "Facture N° 7", "Le 1er juillet 2015", "Total TTC 9,00 €"]).date).toBe("2015-07-01");
  });

  it("reads VAT numbers under the labels countries use, beside or under the label, and never an IBAN for one", () => {
    expect(valuesOf(["Müller GmbH", "USt-IdNr.: DE123456789", "Rechnung 1"]).vatId).toBe("DE123456789");
    expect(valuesOf(["Northwind Ltd", "VAT number", "GB123456789", "Invoice 1"]).vatId).toBe("GB123456789");
    expect(valuesOf(["Northwind Ltd", "VAT", "DE89370400440532013000", "Invoice 1"]).vatId).toBeNull();
    // A scan's OCR reads the I of "USt-IdNr." as l.
    expect(valuesOf(["Müller GmbH", "Rechnung 1", "Im Internet: www.mueller.de UStld DE232446240 SWIFT HELADEF1GEL"]).vatId).toBe("DE232446240");
  });

  it("takes the total from a sums table's total row, never from a subtotal row under an item table's heading", () => {
    // Tried: a Dutch invoice as OCR reads its scan (no euro signs): the item table's heading names BTW and
    // "incl.", and the row under it that names a total is "Subtotaal ... Exclusief BTW ...".
    const scan = laidOut([
      [["Coolblue B.V.", 0]],
      [["Factuurnummer: 993548900", 0]],
      [
        ["Artikel", 0],
        ["Aantal", 200],
        ["Prijs per stuk", 260],
        ["BTW", 440],
        ["Prijs incl. BTW", 500],
      ],
      [
        ["Tablet 16 GB", 0],
        ["1", 200],
        ["399,00", 300],
        ["21%", 440],
        ["399,00", 560],
      ],
      [
        ["Subtotaal", 300],
        ["468,99", 440],
        ["Exclusief BTW", 480],
        ["387,60", 560],
      ],
      [
        ["BTW 21%", 500],
        ["81,39", 560],
      ],
      [
        ["Totaal", 500],
        ["468,99", 560],
      ],
    ]);
    expect(valuesOf(scan.lines, scan.words)).toMatchObject({ total: "468.99" });
  });

  it("prefers the amount to pay over a balance already paid, and reads a net printed as 'Net' but not payment terms", () => {
    expect(
      valuesOf(["Contoso Ltd.", "Invoice #: 88231", "Subtotal 1,000.00", "Tax 80.00", "Total 1,080.00", "Amount Paid 1,080.00", "Balance Due 0.00"]),
    ).toMatchObject({
      total: "1080.00",
      net: "1000.00",
    });
    expect(valuesOf(["Northwind Trading Ltd", "Invoice no: 10293", "Net £250.00", "VAT @ 20% £50.00", "Total £300.00"])).toMatchObject({
      net: "250.00",
      tax: "50.00",
      total: "300.00",
    });
    expect(valuesOf(["Northwind Trading Ltd", "Invoice no: 10293", "Net 30 days 250.00", "Total £300.00"]).net).toBeNull();
  });

  it("reads dollars with thousands separators as USD", () => {
    expect(detectCurrency("TOTAL DUE $1,200.00")).toBe("USD");
    // A lone "$" where OCR misread an S is still not a currency.
    expect(detectCurrency("Jalan $521/39")).toBeNull();
  });

  it("tells a Spanish invoice by its numbered 'Factura' from a simplified receipt", () => {
    expect(classifyText("Soluciones Ibéricas S.L.\nFactura nº 2024/015\nFecha de factura: 20/03/2024\nTotal factura 363,00 €").type).toBe("invoice");
    expect(classifyText("MERCADONA\nFACTURA SIMPLIFICADA\nPAN 1,20\nTOTAL 1,20\nEFECTIVO 5,00\nCAMBIO 3,80").type).toBe("receipt");
  });

  it("tells a retailer's invoice, with its billing and shipping addresses, from a till receipt though it prints qty, tax and totals", () => {
    // Tried: the top half of an online shop's invoice as a phone photo reads it (its 'invoice' misread further down).
    const retail = [
      "Retail Invoices/Bill",
      "Invoice No: # BLR_000982590",
      "Sold By : Example Retail Services Pvt. Ltd.,",
      "Order ID: OD3041750 Billing Address Shipping Address",
      "Invoice Date: 20-10-2015",
      "Product Title Qty Price Tax(%) Tax Total",
      "Memory card 16 GB 1 278.61 14.50% 40.39 319.00",
      "Total 1 278.61 40.39 319.00",
      "Grand Total 319.00",
      "Service tax #: AAACW8725FSD001",
    ];
    expect(classifyText(retail.join("\n")).type).toBe("invoice");
    // A French invoice with more "Total" lines than invoice words: its numbered "Facture" and the EU VAT number say invoice.
    const facture = ["ÉLEC SERVICES SARL", "Facture N° F2023-117", "Date : 14/11/2023", "Désignation Qté PU HT Total HT", "Intervention 1 80,00 80,00"];
    expect(
      classifyText([...facture, "Total HT 80,00 €", "TVA 20 % 16,00 €", "Total TTC 96,00 €", "N° TVA intracommunautaire : FR12345678901"].join("\n")).type,
    ).toBe("invoice");
    expect(classifyText("CARREFOUR MARKET\nTICKET 0042\nPAIN 1,20\nTOTAL TTC 1,20\nESPECES 5,00\nRENDU 3,80\nMERCI DE VOTRE VISITE").type).toBe("receipt");
    // A Malaysian till's 'tax invoice' with its number stays a receipt.
    expect(classifyText("TAX INVOICE\nInvoice No: 1-642195\nCashier: 465\nItem Qty Amount\nRON95 22.73 50.00\nTOTAL RM 50.00\nCASH RM 50.00").type).toBe(
      "receipt",
    );
  });
});

describe("structureInvoice: English and French wordings of the net and the total, and who is who", () => {
  it("reads 'Total ex VAT' as the net, never as the tax, and 'Montant TTC' as the total", () => {
    expect(valuesOf(["Harbour Design Ltd", "Invoice Number 00123", "Total ex VAT £100.00", "VAT @ 20% £20.00", "Total inc VAT £120.00"])).toMatchObject({
      net: "100.00",
      tax: "20.00",
      total: "120.00",
    });
    expect(valuesOf(["Pixel Studio Inc.", "Invoice 77", "Amount excluding tax $80.00", "Sales tax $8.00", "Amount due $88.00"]).net).toBe("80.00");
    expect(valuesOf(["Atelier Martin SARL", "Facture n° 2015-118", "Montant HT 100,00 €", "TVA 20% 20,00 €", "Montant TTC 120,00 €"])).toMatchObject({
      net: "100.00",
      total: "120.00",
    });
  });

  it("reads a total printed without decimals after its currency, and never a bare number for one", () => {
    expect(valuesOf(["Sunrise Stays Pvt Ltd", "Invoice No: SS-2231", "Room charges", "Total Amount ₹1,299"]).total).toBe("1299.00");
    expect(valuesOf(["Sunrise Stays Pvt Ltd", "Invoice No: SS-2231", "Grand Total Rs. 1,29,999"]).total).toBe("129999.00");
    expect(valuesOf(["Sunrise Stays Pvt Ltd", "Invoice No: SS-2231", "Total nights 3"]).total).toBeNull();
  });

  it("names the sender under 'From:', never the addressee under 'To:', though only the addressee prints a legal form", () => {
    expect(valuesOf(["From:", "Maple Web Services", "To:", "Oak Retail Ltd", "Invoice No.: 2024/001", "Balance Due: $320.50"]).issuer).toBe(
      "Maple Web Services",
    );
  });
});

describe("structureInvoice: German and French e-invoice layouts (checked on public ZUGFeRD and Factur-X examples)", () => {
  it("reads the number after a document type code or a credit note's kind in brackets, and the date after the number", () => {
    expect(valuesOf(["Handelsrechnung (380) Nr. 2024-117 vom 14.10.2024", "Währung: EUR", "Stylesheet 1.2 vom 01.01.2023"])).toMatchObject({
      invoiceNumber: "2024-117",
      date: "2024-10-14",
    });
    expect(valuesOf(["Gutschrift (vom Käufer ausgestellt) Nr. GS-88", "Lieferdatum 02.02.2024"]).invoiceNumber).toBe("GS-88");
    expect(valuesOf(["Rechnungskorrektur Nr. RK-5512 vom 20.09.2023", "zur Rechnung Nr. R-4410"]).invoiceNumber).toBe("RK-5512");
    expect(valuesOf(["Avoir AV-2023-0042", "Date 03/04/2023"]).invoiceNumber).toBe("AV-2023-0042");
    expect(valuesOf(["Beleg-Nr : B20230815", "Beleg-Datum : 15.08.2023"]).invoiceNumber).toBe("B20230815");
    // Tried: a service date printed first, the invoice's own date after its number.
    expect(valuesOf(["Leistungsdatum 07.05.2023", "Rechnung # R-2023/12 von 09.05.2023"]).date).toBe("2023-05-09");
    // A due date's label between the number and the date: that date is not the invoice's.
    expect(valuesOf(["Invoice 1042 Due date 03/06/2024", "Date 02/05/2024"]).date).toBe("2024-05-02");
  });

  it("dates a German letter by its place ('München, den ...'), and never takes the date of the invoice a credit note refers to", () => {
    expect(valuesOf(["Muster AG Rechnungsnummer: 77120", "Hamburg, den 01.11.2024", "Datum: 30.10.2024 Zeit: 04:59"]).date).toBe("2024-11-01");
    expect(valuesOf(["FACTURE N° : F2023-9", "Date : 31/12/2023", "DATE DE FACTURE ASSOCIÉE : 30/11/2023"]).date).toBe("2023-12-31");
  });

  it("reads 'USt.-Id.-Nr.', a VAT number under its label in a row of labels, and only as long as its country's format", () => {
    expect(valuesOf(["Lieferant GmbH", "USt.-Id.-Nr.: DE123456789"]).vatId).toBe("DE123456789");
    // The number after the label, not a BIC before it.
    expect(valuesOf(["Lieferant GmbH", "BIC: GENODEF1M04 USt.-Identnr.: DE123456789"]).vatId).toBe("DE123456789");
    // A footer's row of labels over a row of values, and a phone number after the VAT number.
    const footer = laidOut([
      [["Muster GmbH", 0]],
      [
        ["Bank", 0],
        ["VAT Registration No.", 200],
        ["Phone No.", 400],
      ],
      [
        ["DE12 3456", 0],
        ["DE777777777", 200],
        ["999 / 9 99 99", 400],
      ],
    ]);
    expect(valuesOf(footer.lines, footer.words).vatId).toBe("DE777777777");
    expect(valuesOf(["Le Fournisseur SAS", "N° TVA : FR 32 123 456 789"]).vatId).toBe("FR32123456789");
  });

  it("takes no amount out of a date, and no net out of payment terms", () => {
    expect(valuesOf(["Lieferant GmbH", "Rechnung Nr. 1", "Zahlbar innerhalb 30 Tagen netto bis 15.12.2024"]).net).toBeNull();
    expect(valuesOf(["Lieferant GmbH", "Rechnung Nr. 1", "Rechnungssumme ohne USt. 473,00", "Steuerbetrag 56,87", "Zahlbetrag 529,87"])).toMatchObject({
      net: "473.00",
      tax: "56.87",
      total: "529.87",
    });
  });

  it("takes the invoice's total, the net plus the tax, over an amount due after a prepayment or with open items, and never a total of surcharges", () => {
    const sums = (due: string) => ["Lieferant GmbH", "Rechnung Nr. 1", "Rechnungssumme ohne USt. 177,49", "Steuerbetrag 20,16", "Bruttosumme 197,65", due];
    expect(valuesOf(sums("Zahlbetrag 147,65")).total).toBe("197.65");
    expect(valuesOf(sums("Zahlbetrag 247,65")).total).toBe("197.65");
    expect(valuesOf(["Lieferant GmbH", "Rechnung Nr. 1", "Gesamtbetrag der Zuschläge 3,00", "Gesamtbetrag 518,99"]).total).toBe("518.99");
  });

  it("reads a sums table whose total row carries no word: the row that adds up the rows above it, or its only row", () => {
    const table = (rows: [string, number][][]) =>
      laidOut([
        [["Muster GmbH", 0]],
        [["Beleg-Nr : R123", 0]],
        [
          ["Warenwert", 0],
          ["Nettobetrag", 150],
          ["MwSt-Betrag", 300],
          ["Endbetrag", 450],
        ],
        ...rows,
        [["Muster GmbH Geschäftsführung: Max Muster", 0]],
      ]);
    const row = (...values: string[]): [string, number][] => values.map((v, k) => [v, k * 150]);
    const twoRates = table([row("326,50", "321,40", "61,07", "382,47"), row("130,70", "127,59", "8,93", "136,52"), row("457,20", "448,99", "70,00", "518,99")]);
    expect(valuesOf(twoRates.lines, twoRates.words)).toMatchObject({ net: "448.99", tax: "70.00", total: "518.99" });
    const oneRate = table([row("100,00", "100,00", "19,00", "119,00")]);
    expect(valuesOf(oneRate.lines, oneRate.words)).toMatchObject({ net: "100.00", tax: "19.00", total: "119.00" });
    // Tried: rows whose last does not add up the others (an item table, say): no sums from it.
    const items = table([row("10,00", "10,00", "1,90", "11,90"), row("20,00", "20,00", "3,80", "23,80")]);
    expect(valuesOf(items.lines, items.words).total).toBeNull();
  });

  it("names the seller, not a customer: names under a buyer's heading, a website standing for the fuller legal name, whole words counted", () => {
    expect(
      valuesOf([
        "Verkäufer",
        "Name: Rohstoffe Nord GmbH",
        "Käufer/Leistungsempfänger",
        "Name: Metallbau Süd GmbH & Co. KG",
        "Abweichender Warenempfänger",
        "Name: Metallbau Süd GmbH & Co. KG",
        "Rechnung Nr. 5",
      ]).issuer,
    ).toBe("Rohstoffe Nord GmbH");
    expect(
      valuesOf([
        "Alphatrans Fuhrpark GmbH Geschäftsstelle Sonderkunden",
        "www.alphatrans.de",
        "Alphatrans, Lindenallee 26, 80786 München",
        "Beta GmbH Rechnungsnummer: 2015738820",
        "z. Hd. Herr Betamann",
        "Betaweg 1",
      ]).issuer,
    ).toBe("Alphatrans Fuhrpark GmbH");
  });
});
