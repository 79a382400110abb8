import type { TPage } from "../../../extraction/extraction-result";
import type { TField } from "../../field";
import type { TInvoice } from "./invoice-type";
import { detectCurrency, findAmounts } from "../../parse/parse-amount";
import { findDates } from "../../parse/parse-date";
import { pageLines, sourceOf, type TTextLine } from "../../text-lines";
import { findLineItems, lineItemsField } from "../../line-items/find-line-items";
import { columnCentres, valuesByColumn } from "../../layout/table-columns";
import { pickUnder } from "../../layout/under-label";

// A company's legal form, as its name ends (in capitals too where names are set so): "GmbH & Co. KG"
// and "Co., Ltd." whole, before their parts.
const LEGAL_FORM =
  /\b(GmbH\s*&\s*Co\.?\s*KG|Co\.,?\s*Ltd\.?|Inc\.?|INC\.?|Incorporated|Corp\.?|CORP\.?|Corporation|CORPORATION|Ltd\.?|LTD\.?|Limited|LIMITED|LLC|LLP|L\.L\.C\.|B\.V\.|BV|N\.V\.|AG|GmbH|UG|KG|e\.K\.|S\.A\.S?\.?|SARL|SAS|S\.r\.l\.|S\.p\.A\.|SpA|S\.L\.U?\.?|Ltda\.?|Sp\.\s?z\s?o\.o\.|s\.r\.o\.|Pvt\.?\s*Ltd\.?|Pty\.?\s*Ltd\.?|Pte\.?\s*Ltd\.?|(?:Sdn|SDN)\.?\s*(?:Bhd|BHD)\.?|Bhd\.?|BHD\.?|PLC|Oy|AB|ApS|A\/S|Co\.)(?=\W|$)/;
// "Invoice no." and its kin in the languages read here ("Rechnungs-Nr.", "Fattura n.", "Factura nº").
const INVOICE_WORD = String.raw`(?:invoice|rechnung|factuur|facture|fattura|factura|fatura|faktura|bill)s?`;
const NUMBER_WORD = String.raw`(?:no\.?|number|nr\.?|nummer|n\.?[°º]\.?|n\.|num[ée]ro|numero|n[úu]mero|num\.?|id|ref(?:erence)?\.?|#)`;
// "Inv. No." abbreviated: only with the word for its number after it.
const INVOICE_LABEL = String.raw`(?:${INVOICE_WORD}(?:\s+VAT)?[\s-]*${NUMBER_WORD}?|\binv\.?\s*${NUMBER_WORD})`;
const INVOICE_NUMBER = new RegExp(String.raw`${INVOICE_LABEL}\s*[:.]?\s*#?\s*([A-Z0-9][A-Z0-9_\-/]*\d[A-Z0-9_\-/]*)`, "i");
/** The label alone, its value printed under it (a row of labels over a row of values). */
const INVOICE_NUMBER_HEADING = new RegExp(String.raw`(?:${INVOICE_WORD}[\s-]*|\binv\.?\s*)${NUMBER_WORD}`, "i");
const NUMBER_TOKEN = /[A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/]*/gi;
/** NUMBER_TOKEN without its global flag, for a test that keeps no lastIndex. */
const HAS_NUMBER_TOKEN = new RegExp(NUMBER_TOKEN.source, "i");
const INVOICE_DATE_LABEL =
  /invoice\s*date|rechnungsdatum|factuurdatum|date\s+de\s+(la\s+)?facture|facture\s+n.*\bdu\b|fecha\s+de\s+(la\s+)?factura|fecha\s+de\s+emisi[óo]n|data\s+(della\s+)?fattura|data\s+di\s+emissione/i;
const DATE_LABEL = /datum|\bdate\b|\bdated?\b|\bfecha\b|\bdata\b/i;
const OTHER_DATE = /order|bestell|delivery|liefer|period|due|limite|f[äa]llig/i;
const DUE_LABEL =
  /due\s*date|payment\s*due|date\s+limite|date\s+d.[ée]ch[ée]ance|[ée]ch[ée]ance|f[äa]llig|vervaldatum|zahlbar\s+bis|fecha\s+de\s+vencimiento|vencimiento|data\s+(di\s+)?scadenza|scadenza/i;
const TOTAL_LABELS: [RegExp, number][] = [
  [
    /grand\s+total|total\s+amount\s+due|amount\s+due|balance\s+due|(?:amount|total)\s+(?:payable|to\s+pay)|zu\s+zahlen|zahlbetrag|somme\s+[àa]\s+payer|net\s+[àa]\s+payer|gesamtbetrag|rechnungsbetrag|total\s+ttc|te\s+betalen|totaal\s+incl|importe\s+total|total\s+a\s+pagar|totale\s+(da\s+pagare|fattura|documento)|do\s+zap[łl]aty|att\s+betala|at\s+betale|[åa]\s+betale|k\s+[úu]hrad[ěe]|maksettava/i,
    3,
  ],
  [/total\s+(for\s+this\s+invoice|facture)|totaal|\btotal\b\s*:?|summe|endbetrag|totale|\bgesamt\b/i, 2],
];
const NOT_TOTAL = /sub\s*-?\s*total|subtotaal|zwischensumme|exclusief|excl\.|ohne\s+mwst|\bHT\b/i;

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({
  value,
  confidence,
  source: sourceOf(line),
  method: "ocr-rules",
});

/** A number-like token that is not a date ("18/03/2024" after "Data fattura" is the date). */
const isNumberValue = (value: string) => findDates(value).length === 0 && !/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(value);

function findInvoiceNumber(lines: TTextLine[]): TField<string> {
  for (const [i, line] of lines.entries()) {
    const m = INVOICE_NUMBER.exec(line.text);
    if (m?.[1] && isNumberValue(m[1])) return found(m[1], 0.8, line);
    // The label over its value: the number-like token of the next line printed under the label.
    const heading = INVOICE_NUMBER_HEADING.exec(line.text);
    const below = lines[i + 1];
    if (!heading || !below || HAS_NUMBER_TOKEN.test(line.text.slice(heading.index + heading[0].length))) continue;
    const tokens = [...below.text.matchAll(NUMBER_TOKEN)]
      .map((t) => ({ value: t[0].replace(/[.]$/, ""), start: t.index, end: t.index + t[0].length }))
      .filter((t) => isNumberValue(t.value));
    const under = pickUnder(line, { start: heading.index, end: heading.index + heading[0].length }, below, tokens);
    if (under) return found(under.value, 0.7, below);
  }
  // "# 12345" alone on a line, as some templates print it.
  const hash = lines.find((l) => /^#\s*[A-Za-z0-9_-]*\d/.test(l.text));
  return hash ? found(hash.text.replace(/^#\s*/, "").split(" ")[0] ?? "", 0.5, hash) : blank();
}

function findLabelledDate(lines: TTextLine[], label: RegExp, order: "dmy" | "mdy", exclude?: RegExp) {
  for (const [i, line] of lines.entries()) {
    const m = label.exec(line.text);
    if (!m || exclude?.test(line.text)) continue;
    // The date after the label on its line, else the one printed under the label on the next
    // (a row of labels, "Invoice date  Due date", over a row of dates).
    const here = findDates(line.text, order).find((d) => d.index >= m.index) ?? findDates(line.text, order)[0];
    if (here) return found(here.iso, 0.85, line);
    const below = lines[i + 1];
    if (!below) continue;
    const dates = findDates(below.text, order).map((d) => ({ ...d, start: d.index, end: d.index + d.raw.length }));
    const under = pickUnder(line, { start: m.index, end: m.index + m[0].length }, below, dates);
    if (under) return found(under.iso, 0.8, below);
  }
  return null;
}

function findTotal(lines: TTextLine[]): TField<string> {
  let best: { value: string; rank: number; line: TTextLine } | undefined;
  for (const line of lines) {
    if (NOT_TOTAL.test(line.text) && !/grand\s+total/i.test(line.text)) continue;
    const labelled = TOTAL_LABELS.find(([re]) => re.test(line.text))?.[1];
    const amount = findAmounts(line.text).at(-1);
    if (!labelled || !amount) continue;
    // A balance of nothing (an invoice paid already: "Balance due 0.00") is the total only when no other is.
    const rank = Number(amount.value) === 0 ? 0.5 : labelled;
    if (!best || rank > best.rank || (rank === best.rank && Number(amount.value) > Number(best.value))) {
      best = { value: amount.value, rank, line };
    }
  }
  return best ? found(best.value, 0.5 + 0.1 * best.rank, best.line) : blank();
}

const NET_LABEL =
  /taxable\s+(value|amount)|^net\b(?!\s*(?:30|60|90|\d+\s*days))|sub\s*-?\s*total|subtotaal|zwischensumme|exclusief\s+btw|excl\.?\s*(vat|btw|tax)|ohne\s+mwst|netto|nettobetrag|net\s+amount|montant\s+(eur\s+)?ht|total\s+ht|\bHT\b|base\s+imponible|imponibile|s\/\s*iva|sem\s+iva|sin\s+iva|senza\s+iva|exkl\.?\s*moms|hors\s+taxes?/i;
const TAX_LABEL = /\b(vat|btw|mwst|ust|tva|tax|gst|iva|moms|mva|alv|dph)\b/i;

/** ISO 13616: move the first four characters to the end, letters to numbers, the remainder mod 97 is 1. */
export function isValidIban(iban: string): boolean {
  const s = iban.replace(/\s/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const digits = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return remainder === 1;
}

function findIban(lines: TTextLine[]): TField<string> {
  for (const line of lines) {
    for (const m of line.text.matchAll(/\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?)/g)) {
      const candidate = (m[1] ?? "").replace(/\s/g, "");
      // A failing checksum means an OCR error or not an IBAN at all: not reported as one.
      if (isValidIban(candidate)) return found(candidate, 0.95, line);
    }
  }
  return blank();
}

// "VAT Reg. No.", "USt-IdNr.", "UID", "N° TVA", "Partita IVA", "BTW-nummer", "GSTIN"; the I of
// "USt-IdNr." as OCR often reads it, l or 1 ("UStld").
const VAT_ID_LABEL = /\b(vat|btw|ust-?[il1]d\w*|uid|tva|iva|mwst|gst(in)?|moms\w*|mva|nip)\b/i;

/** A VAT number (two letters of a country, then 8 to 12 digits and letters) in a text, its label's words taken out. */
function vatIdIn(text: string): string | null {
  // India's GSTIN: the state's two digits, the PAN (five letters, four digits, a letter), an entity digit, Z, a check character.
  // Switzerland's UID, the VAT number there: CHE-123.456.789.
  const uid = /\bCHE-?\d{3}\.?\d{3}\.?\d{3}\b/.exec(text);
  if (uid) return uid[0];
  const gstin = /\b(\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z])\b/.exec(text);
  if (gstin?.[1]) return gstin[1];
  const m = /\b([A-Z]{2}(?:\s?[0-9A-Z]){8,12})\b/.exec(text.replace(/(vat|btw|ust-?[il1]d\w*|uid|tva|iva|mwst|gstin|gst|moms\w*|mva|nip)[\s.:#-]*/gi, " "));
  const value = m?.[1]?.replace(/\s/g, "");
  return value && /\d{6}/.test(value) ? value : null;
}

function findVatId(lines: TTextLine[]): TField<string> {
  for (const [i, line] of lines.entries()) {
    if (!VAT_ID_LABEL.test(line.text)) continue;
    const value = vatIdIn(line.text);
    if (value) return found(value, 0.7, line);
    // The label over its value ("VAT number" / "GB123456789"): a short next line holding only the number.
    const below = lines[i + 1];
    const under = below && below.text.length <= 24 ? vatIdIn(below.text) : null;
    if (under && !isValidIban(under)) return found(under, 0.6, below);
  }
  return blank();
}

/** The first amount after a label on its line (a line may hold several labelled amounts side by side). */
function findLabelledAmount(lines: TTextLine[], label: RegExp, exclude?: RegExp): TField<string> {
  for (const line of lines) {
    const m = label.exec(line.text);
    if (!m || exclude?.test(line.text)) continue;
    // Percentages ("BTW 21%") are rates, not amounts: blank them out keeping positions.
    const text = line.text.replace(/\d+(?:[.,]\d+)?\s?%/g, (p) => " ".repeat(p.length));
    const amount = findAmounts(text).find((a) => a.index >= m.index + m[0].length);
    if (amount) return found(amount.value, 0.6, line);
  }
  return blank();
}

/** The GST of an Indian invoice as the sum of its printed parts (CGST and SGST or UTGST), or its IGST; undefined when not printed so. */
function splitGst(lines: TTextLine[]): TField<string> | undefined {
  const part = (label: RegExp) => findLabelledAmount(lines, label, /\b(id|no|number|in)\b|%\s*$/i);
  const [central, state, integrated] = [part(/\bCGST\b/), part(/\b(SGST|UTGST)\b/), part(/\bIGST\b/)];
  if (central.value !== null && state.value !== null) {
    return { value: (Number(central.value) + Number(state.value)).toFixed(2), confidence: 0.6, source: central.source, method: "ocr-rules" };
  }
  if (integrated.value !== null) return integrated;
  return undefined;
}

/** Net + tax = total moves the three amounts' confidence up; a mismatch moves it down. */
function crossCheck(net: TField<string>, tax: TField<string>, total: TField<string>): void {
  if (net.value === null || tax.value === null || total.value === null) return;
  const agrees = Math.abs(Number(net.value) + Number(tax.value) - Number(total.value)) < 0.015;
  for (const f of [net, tax, total]) f.confidence = agrees ? Math.min(0.98, f.confidence + 0.25) : f.confidence * 0.7;
}

const NAME_PARTICLE = /^(de|der|den|van|von|du|des|la|le|di|da|del|dos|y|e|et|und|and|&)$/;

const coreName = (name: string) =>
  name
    .replace(LEGAL_FORM, "")
    .replace(/[,.\s-]+$/, "")
    .trim();

function findIssuer(lines: TTextLine[], text: string): TField<string> {
  type TCandidate = { name: string; line?: TTextLine; score: number; website?: boolean };
  const candidates: TCandidate[] = [];
  lines.forEach((line, i) => {
    const m = LEGAL_FORM.exec(line.text);
    if (!m) return;
    // The customer's block follows "bill to", "attn" and the like: not the issuer.
    const context = `${lines[i - 1]?.text ?? ""} ${line.text}`;
    if (/bill(ing)?\s+(to|address)|ship(ping)?\s+(to|address)|attn|kunde|customer|client/i.test(context)) return;
    // The name is the run of capitalised words just before the legal form ("Amazon Web Services, Inc.").
    const before = line.text.slice(0, m.index);
    const words = before.trimEnd().replace(/,$/, "").split(/\s+/);
    const run: string[] = [];
    for (const word of words.reverse()) {
      // Particles and "&" join a name's words ("Bakkerij de Vries", "Smith & Sons"); a name starts capitalised.
      const joins = run.length > 0 && NAME_PARTICLE.test(word);
      if ((!/^[\p{Lu}0-9][\p{L}\p{N}_&'-]*$/u.test(word) && !joins) || run.length >= 6) break;
      run.unshift(word);
    }
    while (run.length > 0 && NAME_PARTICLE.test(run[0] ?? "")) run.shift();
    const name = run.length ? `${run.join(" ")}${before.trimEnd().endsWith(",") ? "," : ""} ${m[0]}` : "";
    if (name.length >= 3) candidates.push({ name, line, score: 0 });
  });
  for (const m of text.matchAll(/(?:www\.|@)([a-z0-9-]{3,})\.[a-z]{2,}/gi)) {
    const label = m[1] ?? "";
    candidates.push({ name: label.charAt(0).toUpperCase() + label.slice(1), score: 0, website: m[0].toLowerCase().startsWith("www.") });
  }
  if (candidates.length === 0) return letterhead(lines);
  const lower = text.toLowerCase();
  const legalCores = new Set(candidates.filter((c) => c.line).map((c) => coreName(c.name).toLowerCase().replace(/\s+/g, "")));
  for (const c of candidates) {
    const core = coreName(c.name).toLowerCase();
    // The issuer's name recurs (letterhead, footer, each page); a customer's rarely does. A brand
    // whose own website the invoice prints is who the customer dealt with (a marketplace over its
    // seller of record), unless that brand is already a legal name on the page.
    const brand = c.website && !legalCores.has(core.replace(/\s+/g, "")) ? 1 : 0;
    c.score = core.length >= 3 ? lower.split(core).length - 1 + (c.line ? 0.5 : 0) + brand : 0;
  }
  const best = candidates.sort((a, b) => b.score - a.score)[0];
  return best ? found(best.name, Math.min(0.8, 0.3 + 0.1 * best.score), best.line) : blank();
}

// Words of an invoice's headings and labels, never of its issuer's name.
const NOT_A_NAME =
  /\b(invoice|tax|bill|receipt|statement|page|date|due|to|from|customer|client|order|total|amount|rechnung|factuur|facture|fattura|factura|datum|fecha|original|copy|duplicate)\b/i;

/**
 * Who issued an invoice that names no legal form and no website (a sole trader, a freelancer): the
 * first line of its letterhead, when that line is a name (two to six words, letters only, no label
 * or heading word). Unsure: the reader checks it.
 */
function letterhead(lines: TTextLine[]): TField<string> {
  for (const line of lines.slice(0, 3)) {
    const text = line.text.trim();
    const words = text.split(/\s+/);
    if (NOT_A_NAME.test(text) || /\d|@|:/.test(text) || words.length < 2 || words.length > 6) continue;
    if (words.every((word) => /^[\p{Lu}][\p{L}'&.-]*$|^(&|and|und|et|de|van|von)$/u.test(word))) return found(text, 0.35, line);
  }
  return blank();
}

// Column headings of a sums table ("Montant HT | TVA | Montant TTC", "Netto | MwSt | Brutto").
const SUM_COLUMNS = {
  net: /^(HT|net|netto|excl\.?|subtotal|imponibile)$/i,
  tax: /^(TVA|VAT|BTW|MwSt\.?|USt\.?|IVA|GST|tax)$/i,
  total: /^(TTC|total|gross|brutto|totaal|totale|incl\.?)$/i,
};

const TOTAL_ROW = /\btotal|totaal|summe|totale|gesamt/i;

/**
 * Net, tax and total from a sums table: a heading line naming two or more of those columns, then
 * the first total row under it; each amount goes to the column it is printed under.
 */
function sumsFromColumns(lines: TTextLine[]): { net?: string; tax?: string; total?: string; line?: TTextLine } {
  for (let i = 0; i < lines.length; i++) {
    const heading = lines[i] as TTextLine;
    if (findAmounts(heading.text).length > 0) continue;
    const columns = columnCentres(heading, SUM_COLUMNS);
    if (Object.keys(columns).length < 2) continue;
    // A subtotal row ("Exclusief BTW 593,36 Subtotaal 717,97" under an item table's heading) is not it.
    const row = lines.slice(i + 1, i + 12).find((l) => TOTAL_ROW.test(l.text) && !NOT_TOTAL.test(l.text) && findAmounts(l.text).length >= 2);
    if (!row) continue;
    return { ...valuesByColumn(row, columns), line: row };
  }
  // No heading read (it may share a line with other text): a total row of three amounts where the
  // first two add up to the third is net, tax and total, in the order every such table prints them.
  for (const row of lines) {
    const amounts = findAmounts(row.text).map((a) => Number(a.value));
    if (amounts.length !== 3 || !TOTAL_ROW.test(row.text)) continue;
    const [net = 0, tax = 0, total = 0] = amounts;
    if (total > 0 && net > 0 && tax >= 0 && Math.abs(net + tax - total) < 0.015)
      return { net: net.toFixed(2), tax: tax.toFixed(2), total: total.toFixed(2), line: row };
  }
  return {};
}

/** Invoice fields from text-layer or OCR'd pages by layout-independent rules. */
export function structureInvoice(pages: TPage[]): TInvoice {
  const lines = pageLines(pages);
  const text = lines.map((l) => l.text).join("\n");
  const currency = detectCurrency(text);
  const order = currency === "USD" ? "mdy" : "dmy";
  const anyDate = findDates(text, order)[0];
  const date =
    findLabelledDate(lines, INVOICE_DATE_LABEL, order) ??
    findLabelledDate(lines, DATE_LABEL, order, OTHER_DATE) ??
    (anyDate ? found(anyDate.iso, 0.5) : blank());
  const table = sumsFromColumns(lines);
  const total = table.total ? found(table.total, 0.7, table.line) : findTotal(lines);
  const net = table.net ? found(table.net, 0.6, table.line) : findLabelledAmount(lines, NET_LABEL);
  const tax = table.tax
    ? found(table.tax, 0.6, table.line)
    : findLabelledAmount(lines, TAX_LABEL, /\b(id|nr|no|number|nummer|reg|incl|inclusive|exclusief|excl|exkl|sem|sin|senza|hors)\b|\bs\/|%\s*$/i);
  // India splits GST into its central and state halves (CGST + SGST, or UTGST), or charges IGST whole.
  if (tax.value === null) {
    const split = splitGst(lines);
    if (split) Object.assign(tax, split);
  }
  crossCheck(net, tax, total);
  const items = findLineItems(lines, { subtotal: net.value, total: total.value });
  return {
    type: "invoice",
    fields: {
      issuer: findIssuer(lines, text),
      invoiceNumber: findInvoiceNumber(lines),
      date,
      dueDate: findLabelledDate(lines, DUE_LABEL, order) ?? blank(),
      net,
      total,
      currency: currency ? found(currency, 0.7) : blank(),
      tax,
      vatId: findVatId(lines),
      iban: findIban(lines),
      lineItems: lineItemsField(items),
    },
  };
}
