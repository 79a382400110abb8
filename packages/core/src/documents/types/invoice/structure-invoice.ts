import type { TPage } from "../../../extraction/extraction-result";
import type { TField } from "../../field";
import type { TInvoice } from "./invoice-type";
import { detectCurrency, findAmounts, type TAmountMatch } from "../../parse/parse-amount";
import { findDates } from "../../parse/parse-date";
import { pageLines, sourceOf, type TTextLine } from "../../text-lines";
import { findLineItems, lineItemsField } from "../../line-items/find-line-items";
import { columnCentres, valuesByColumn } from "../../layout/table-columns";
import { pickUnder } from "../../layout/under-label";

// A company's legal form, as its name ends (in capitals too where names are set so): "GmbH & Co. KG"
// and "Co., Ltd." whole, before their parts.
const LEGAL_FORM =
  /\b(GmbH\s*&\s*Co\.?\s*KG|Co\.,?\s*Ltd\.?|Inc\.?|INC\.?|Incorporated|Corp\.?|CORP\.?|Corporation|CORPORATION|Ltd\.?|LTD\.?|Limited|LIMITED|LLC|LLP|L\.L\.C\.|B\.V\.|BV|N\.V\.|AG|GmbH|UG|KG|e\.K\.|S\.A\.S?\.?|SARL|SAS|S\.r\.l\.|S\.p\.A\.|SpA|S\.L\.U?\.?|Ltda\.?|Sp\.\s?z\s?o\.o\.|s\.r\.o\.|Pvt\.?\s*Ltd\.?|Pty\.?\s*Ltd\.?|Pte\.?\s*Ltd\.?|(?:Sdn|SDN)\.?\s*(?:Bhd|BHD)\.?|Bhd\.?|BHD\.?|PLC|Oy|AB|ApS|A\/S|Co\.)(?=\W|$)/;
// "Invoice no." and its kin in the languages read here ("Rechnungs-Nr.", "Fattura n.", "Factura nº"),
// a credit note's ("Gutschrift", "Avoir", "Creditnota") and the German "Beleg-Nr." (a document's number).
const INVOICE_WORD = String.raw`(?:invoice|rechnung(?:skorrektur)?|korrekturrechnung|stornorechnung|factuur|facture|fattura|factura|fatura|faktura|bill|credit\s*note|gutschrift|avoir|creditnota|beleg)s?`;
const NUMBER_WORD = String.raw`(?:no\.?|number|nr\.?|nummer|n\.?[°º]\.?|n\.|num[ée]ro|numero|n[úu]mero|num\.?|id|ref(?:erence)?\.?|#)`;
// "Inv. No." abbreviated: only with the word for its number after it. A few words in brackets may
// stand between the word and its number: EN 16931's document type code ("Handelsrechnung (380) Nr.
// 471102"), a kind of credit note ("Gutschrift (Selbst ausgestellte Rechnung) Nr. 471102").
const INVOICE_LABEL = String.raw`(?:${INVOICE_WORD}(?:\s+VAT)?(?:\s*\([^()\n]{1,40}\))?[\s-]*${NUMBER_WORD}?|\binv\.?\s*${NUMBER_WORD})`;
const INVOICE_NUMBER = new RegExp(String.raw`${INVOICE_LABEL}\s*[:.]?\s*#?\s*([A-Z0-9][A-Z0-9_\-/]*\d[A-Z0-9_\-/]*)`, "i");
/** The label alone, its value printed under it (a row of labels over a row of values). */
const INVOICE_NUMBER_HEADING = new RegExp(String.raw`(?:${INVOICE_WORD}[\s-]*|\binv\.?\s*)${NUMBER_WORD}`, "i");
const NUMBER_TOKEN = /[A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/]*/gi;
/** NUMBER_TOKEN without its global flag, for a test that keeps no lastIndex. */
const HAS_NUMBER_TOKEN = new RegExp(NUMBER_TOKEN.source, "i");
const INVOICE_DATE_LABEL =
  /invoice\s*date|rechnungsdatum|factuurdatum|date\s+de\s+(la\s+)?facture|facture\s+n.*\bdu\b|fecha\s+de\s+(la\s+)?factura|fecha\s+de\s+emisi[óo]n|data\s+(della\s+)?fattura|data\s+di\s+emissione/i;
const DATE_LABEL = /datum|\bdate\b|\bdated?\b|\bfecha\b|\bdata\b/i;
const OTHER_DATE = /order|bestell|delivery|liefer|leistung|livraison|prestation|period|due|limite|f[äa]llig/i;
// A credit note or a corrected invoice cites the invoice it refers to, with that invoice's date.
const RELATED_INVOICE = /associ[ée]e|li[ée]e|d.origine|related|original\s+invoice|corrected|urspr[üu]nglich|bezug/i;
// A German letter dates itself after its place: "München, den 01.11.2024".
const LETTER_DATE = /\p{L},\s*den\b/u;
const DUE_LABEL =
  /due\s*date|payment\s*due|date\s+limite|date\s+d.[ée]ch[ée]ance|[ée]ch[ée]ance|f[äa]llig|vervaldatum|zahlbar\s+bis|fecha\s+de\s+vencimiento|vencimiento|data\s+(di\s+)?scadenza|scadenza/i;
const TOTAL_LABELS: [RegExp, number][] = [
  [
    /grand\s+total|total\s+amount\s+due|amount\s+due|balance\s+due|(?:amount|total)\s+(?:payable|to\s+pay)|zu\s+zahlen|zahlbetrag|somme\s+[àa]\s+payer|net\s+[àa]\s+payer|gesamtbetrag|rechnungsbetrag|bruttosumme|brutto\s*betrag|rechnungssumme\s+brutto|gesamtsumme|endsumme|endbetrag|total\s+ttc|montant\s+(?:total\s+)?ttc|te\s+betalen|totaal\s+incl|importe\s+total|total\s+a\s+pagar|totale\s+(da\s+pagare|fattura|documento)|do\s+zap[łl]aty|att\s+betala|at\s+betale|[åa]\s+betale|k\s+[úu]hrad[ěe]|maksettava/i,
    3,
  ],
  [/total\s+(for\s+this\s+invoice|facture)|totaal|\btotal\b\s*:?|summe|totale|\bgesamt\b/i, 2],
];
// Subtotals, and totals of a part only: surcharges, allowances, prepayments ("Gesamtbetrag der
// Zuschläge", "Erhaltene Anzahlungen", "Acompte").
const NOT_TOTAL =
  /sub\s*-?\s*total|subtotaal|zwischensumme|exclusief|excl\.|\bex\.?\s+(?:vat|gst|tax)|excluding\s+(?:vat|gst|tax)|before\s+tax|ohne\s+(?:mwst|ust)|\bHT\b|zuschl[äa]ge|abschl[äa]ge|anzahlung|acompte/i;

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({
  value,
  confidence,
  source: sourceOf(line),
  method: "ocr-rules",
});

/** A number-like token that is not a date ("18/03/2024" after "Data fattura" is the date). */
const isNumberValue = (value: string) => findDates(value).length === 0 && !/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(value);

/** The invoice number; where it follows its label on a line, that line and where the number ends in it. */
function findInvoiceNumber(lines: TTextLine[]): { field: TField<string>; line?: TTextLine; end?: number } {
  for (const [i, line] of lines.entries()) {
    const m = INVOICE_NUMBER.exec(line.text);
    if (m?.[1] && isNumberValue(m[1])) return { field: found(m[1], 0.8, line), line, end: m.index + m[0].length };
    // The label over its value: the number-like token of the next line printed under the label.
    const heading = INVOICE_NUMBER_HEADING.exec(line.text);
    const below = lines[i + 1];
    if (!heading || !below || HAS_NUMBER_TOKEN.test(line.text.slice(heading.index + heading[0].length))) continue;
    const tokens = [...below.text.matchAll(NUMBER_TOKEN)]
      .map((t) => ({ value: t[0].replace(/[.]$/, ""), start: t.index, end: t.index + t[0].length }))
      .filter((t) => isNumberValue(t.value));
    const under = pickUnder(line, { start: heading.index, end: heading.index + heading[0].length }, below, tokens);
    if (under) return { field: found(under.value, 0.7, below) };
  }
  // "# 12345" alone on a line, as some templates print it.
  const hash = lines.find((l) => /^#\s*[A-Za-z0-9_-]*\d/.test(l.text));
  return { field: hash ? found(hash.text.replace(/^#\s*/, "").split(" ")[0] ?? "", 0.5, hash) : blank() };
}

/**
 * The date printed after the invoice number on its line ("Rechnung Nr. 471102 vom 15.11.2024",
 * "Invoice 1042 dated 3 May 2024", "Facture n° 12 du 02/07/2015"): the invoice's date, unless a
 * label of another date stands between ("Invoice 1042  Due date 03/06/2024").
 */
function dateAfterNumber(number: { line?: TTextLine; end?: number }, order: "dmy" | "mdy"): TField<string> | null {
  if (!number.line || number.end === undefined) return null;
  const rest = number.line.text.slice(number.end);
  const date = findDates(rest, order)[0];
  if (!date || OTHER_DATE.test(rest.slice(0, date.index)) || DUE_LABEL.test(rest.slice(0, date.index))) return null;
  return found(date.iso, 0.85, number.line);
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

/**
 * An amount printed without decimals after its currency ("Total ₹1,299", "Amount due € 450"): on
 * a total's line only, where a bare number would otherwise be read as no amount at all.
 */
function wholeAmount(text: string): TAmountMatch | undefined {
  const m = /(?:₹|\bRs\.?|\bINR|€|\bEUR|\$|\bUSD|£|\bGBP)\s?(\d{1,3}(?:,\d{2})*,\d{3}|\d{1,3}(?:[,.]\d{3})+|\d+)(?![.,]?\d)/.exec(text);
  if (!m?.[1]) return undefined;
  return { value: `${m[1].replace(/[,.]/g, "")}.00`, index: m.index, raw: m[0] };
}

/**
 * The invoice's total: the amount of the line with the strongest total label. Where the net and the
 * tax are known, a labelled amount that is their sum is the invoice's total over an amount due that
 * differs from it (a prepayment deducted, "Zahlbetrag 147,65" under "Bruttosumme 197,65"; open
 * items added, "Zahlbetrag 440,00" under "Bruttosumme 220,00").
 */
function findTotal(lines: TTextLine[], netPlusTax: number | null): TField<string> {
  let best: { value: string; rank: number; label: number; line: TTextLine } | undefined;
  for (const line of lines) {
    if (NOT_TOTAL.test(line.text) && !/grand\s+total/i.test(line.text)) continue;
    const labelled = TOTAL_LABELS.find(([re]) => re.test(line.text))?.[1];
    const amount = findAmounts(line.text).at(-1) ?? wholeAmount(line.text);
    if (!labelled || !amount) continue;
    // A balance of nothing (an invoice paid already: "Balance due 0.00") is the total only when no other is.
    const label = Number(amount.value) === 0 ? 0.5 : labelled;
    const adds = netPlusTax !== null && Math.abs(Number(amount.value) - netPlusTax) < 0.015;
    const rank = label + (adds ? 2 : 0);
    if (!best || rank > best.rank || (rank === best.rank && Number(amount.value) > Number(best.value))) {
      best = { value: amount.value, rank, label, line };
    }
  }
  return best ? found(best.value, 0.5 + 0.1 * best.label, best.line) : blank();
}

const NET_LABEL =
  /taxable\s+(value|amount)|^net\b(?!\s*(?:30|60|90|\d+\s*days))|sub\s*-?\s*total|subtotaal|zwischensumme|exclusief\s+btw|excl\.?\s*(vat|btw|tax)|\bex\.?\s+(?:vat|gst|tax)|excluding\s+(?:vat|gst|tax)|before\s+tax|pre-?tax|ohne\s+(?:mwst|ust)|netto|nettobetrag|net\s+amount|montant\s+(eur\s+)?ht|total\s+ht|\bHT\b|base\s+imponible|imponibile|s\/\s*iva|sem\s+iva|sin\s+iva|senza\s+iva|exkl\.?\s*moms|hors\s+taxes?/i;
// Payment terms: "Zahlbar innerhalb 30 Tagen netto", "net 30 days", "30 jours net".
const PAYMENT_TERMS = /\b(tagen?|days|jours|dagen|giorni|d[íi]as|zahlbar|payable\s+within)\b/i;
const TAX_LABEL = /\b(vat|btw|mwst|ust|tva|tax|gst|iva|moms|mva|alv|dph|steuerbetrag)\b/i;

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

// "VAT Reg. No.", "USt-IdNr.", "USt.-Id.-Nr.", "UID", "N° TVA", "Partita IVA", "BTW-nummer", "GSTIN";
// the I of "USt-IdNr." as OCR often reads it, l or 1 ("UStld").
const VAT_ID_WORDS = String.raw`vat|btw|ust\.?-?[il1]d\w*|uid|tva|iva|mwst|gstin|gst|moms\w*|mva|nip`;
const VAT_ID_LABEL = new RegExp(String.raw`\b(${VAT_ID_WORDS})\b`, "i");
/** The label's words and what follows them up to the number ("USt-IdNr.: "), taken out before the number is looked for. */
const VAT_ID_LABEL_RUN = new RegExp(String.raw`(${VAT_ID_WORDS})[\s.:#-]*`, "gi");
/** Tokens shaped like a VAT number, for a row of values under a row of labels. */
const VAT_ID_TOKEN = /\b(?:[A-Z]{2}(?:\s?[0-9A-Z]){8,12}|CHE-?\d{3}\.?\d{3}\.?\d{3})\b/g;

/** A VAT number (two letters of a country, then 8 to 12 digits and letters) in a text, its label's words taken out. */
function vatIdIn(text: string): string | null {
  // India's GSTIN: the state's two digits, the PAN (five letters, four digits, a letter), an entity digit, Z, a check character.
  // Switzerland's UID, the VAT number there: CHE-123.456.789.
  const uid = /\bCHE-?\d{3}\.?\d{3}\.?\d{3}\b/.exec(text);
  if (uid) return uid[0];
  const gstin = /\b(\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z])\b/.exec(text);
  if (gstin?.[1]) return gstin[1];
  // The first run shaped like one (a BIC, "GENODEF1M04", has letters where the number has digits).
  for (const m of text.replace(VAT_ID_LABEL_RUN, " ").matchAll(/\b([A-Z]{2}(?:\s?[0-9A-Z]){8,12})\b/g)) {
    const value = fittedVatId(m[1] ?? "");
    if (/\d{6}/.test(value)) return value;
  }
  return null;
}

// The shape of each country's VAT number after its two letters (the EU's VIES formats, the UK's, Norway's).
const VAT_FORMATS: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  GB: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d[A-Z0-9+*]\d{5}[A-Z]{1,2}$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  NO: /^\d{9}(MVA)?$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
};

/**
 * A VAT number printed in groups ("FR 32 123 456 789") run together, as far as its country's format
 * goes: the groups that follow it on the line are something else ("DE777777777 999 / 9 99 99 99" is
 * a VAT number, then a phone number). Countries without a format here keep every group.
 */
function fittedVatId(printed: string): string {
  const groups = printed.trim().split(/\s+/);
  const compact = groups.join("");
  const format = VAT_FORMATS[compact.slice(0, 2)];
  if (!format) return compact;
  for (let n = groups.length; n > 0; n--) {
    const candidate = groups.slice(0, n).join("");
    if (format.test(candidate.slice(2))) return candidate;
  }
  return compact;
}

function findVatId(lines: TTextLine[]): TField<string> {
  for (const [i, line] of lines.entries()) {
    const label = VAT_ID_LABEL.exec(line.text);
    if (!label) continue;
    // The number after the label, else before it ("DE123456789 (USt-IdNr.)").
    const value = vatIdIn(line.text.slice(label.index)) ?? vatIdIn(line.text);
    if (value) return found(value, 0.7, line);
    // The label over its value ("VAT number" / "GB123456789"): a short next line holding only the
    // number, or, in a row of values under a row of labels, the VAT number printed under the label.
    const below = lines[i + 1];
    if (!below) continue;
    const tokens = [...below.text.matchAll(VAT_ID_TOKEN)]
      .map((t) => ({ value: vatIdIn(t[0]), start: t.index, end: t.index + t[0].length }))
      .filter((t): t is { value: string; start: number; end: number } => t.value !== null && !isValidIban(t.value));
    const under =
      below.text.length <= 24 ? vatIdIn(below.text) : pickUnder(line, { start: label.index, end: label.index + label[0].length }, below, tokens)?.value;
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

/** How often `word` occurs in `text` with no letter or digit joined to it on either side. */
function wholeWordCount(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + word.length);
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) count += 1;
  }
  return count;
}

const NAME_PARTICLE = /^(de|der|den|van|von|du|des|la|le|di|da|del|dos|y|e|et|und|and|&)$/;

const coreName = (name: string) =>
  name
    .replace(LEGAL_FORM, "")
    .replace(/[,.\s-]+$/, "")
    .trim();

// Headings of a block of parties: the customer's (whose names are not the issuer's) and the seller's.
const BUYER_HEADING =
  /^(?:k[äa]ufer|kunde|(?:abweichender\s+)?(?:rechnungs|waren|leistungs|zahlungs)empf[äa]nger|bill(?:ed|ing)?\s+to|ship(?:ped|ping)?\s+to|sold\s+to|invoice\s+to|deliver(?:ed|y)?\s+to|to|customer|client|buyer|recipient|acheteur|destinataire|adresse\s+de\s+(?:livraison|facturation)|factur[ée]\s+[àa]|livr[ée]\s+[àa]|klant|afnemer|cliente|destinatario)(?:\s*\/\s*[\p{L}-]+)?\s*:?$/iu;
const SELLER_HEADING =
  /^(?:verk[äa]ufer|lieferant|rechnungssteller|from|seller|supplier|vendor|vendeur|fournisseur|issued\s+by|leverancier|proveedor|fornitore|emisor)\s*:?$/iu;
/** Lines of a party's block under its heading, at most. */
const PARTY_BLOCK_LINES = 8;

/** Whose block each line is in: under a buyer's or a seller's heading (alone on its line), up to the next heading. */
function partyOf(lines: TTextLine[]): ("buyer" | "seller" | undefined)[] {
  let party: "buyer" | "seller" | undefined;
  let left = 0;
  return lines.map((line) => {
    const text = line.text.trim();
    if (BUYER_HEADING.test(text) || SELLER_HEADING.test(text)) {
      party = BUYER_HEADING.test(text) ? "buyer" : "seller";
      left = PARTY_BLOCK_LINES;
      return undefined;
    }
    if (left === 0) return undefined;
    left -= 1;
    return party;
  });
}

function findIssuer(lines: TTextLine[]): TField<string> {
  type TCandidate = { name: string; line?: TTextLine; score: number; website?: boolean; seller?: boolean };
  const candidates: TCandidate[] = [];
  const parties = partyOf(lines);
  lines.forEach((line, i) => {
    const m = LEGAL_FORM.exec(line.text);
    if (!m || parties[i] === "buyer") return;
    // The customer's block follows "bill to", "attn" and the like: not the issuer. Whole words
    // ("Geschäftsstelle Sonderkunden" is the issuer's own office for special customers).
    const context = `${lines[i - 1]?.text ?? ""} ${line.text}`;
    if (/bill(ing)?\s+(to|address)|ship(ping)?\s+(to|address)|\battn\b|\b(kunde|customer|client)\b/i.test(context)) return;
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
    if (name.length >= 3) candidates.push({ name, line, score: 0, seller: parties[i] === "seller" });
  });
  const legal = candidates.map((c) => ({ candidate: c, core: coreName(c.name).toLowerCase().replace(/\s+/g, "") }));
  const legalCores = legal.map((l) => l.core);
  lines.forEach((line, i) => {
    if (parties[i] === "buyer") return;
    for (const m of line.text.matchAll(/(?:www\.|@)([a-z0-9-]{3,})\.[a-z]{2,}/gi)) {
      const label = (m[1] ?? "").toLowerCase();
      // The website of a company named on the page in full ("www.alphabet.de" beside "Alphabet
      // Fuhrparkmanagement GmbH") stands for that name, which says more: it counts for the name.
      const fuller = legal.filter((l) => l.core !== label && l.core.startsWith(label));
      for (const l of fuller) l.candidate.website = true;
      if (fuller.length > 0) continue;
      candidates.push({ name: label.charAt(0).toUpperCase() + label.slice(1), score: 0, website: m[0].toLowerCase().startsWith("www.") });
    }
  });
  if (candidates.length === 0) return letterhead(lines);
  const lower = lines
    .map((l) => l.text)
    .join("\n")
    .toLowerCase();
  for (const c of candidates) {
    const core = coreName(c.name).toLowerCase();
    // The issuer's name recurs (letterhead, footer, each page); a customer's rarely does. Counted as
    // whole words: "Muster GmbH" does not recur in "Mustermann". A brand whose own website the
    // invoice prints is who the customer dealt with (a marketplace over its seller of record),
    // unless that brand is already a legal name on the page; a legal name its website begins is
    // the issuer's. A name in the seller's block is the issuer's.
    const brand = c.website && (c.line || !legalCores.includes(core.replace(/\s+/g, ""))) ? 1 : 0;
    c.score = core.length >= 3 ? wholeWordCount(lower, core) + (c.line ? 0.5 : 0) + brand + (c.seller ? 2 : 0) : 0;
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
  net: /^(HT|net|netto|nettobetrag|excl\.?|subtotal|imponibile)$/i,
  tax: /^(TVA|VAT|BTW|MwSt\.?|USt\.?|IVA|GST|tax|(?:MwSt|USt|Steuer)-?betrag)$/i,
  total: /^(TTC|total|gross|brutto|bruttobetrag|endbetrag|totaal|totale|incl\.?)$/i,
};
/** A row of figures only (a currency's code or sign may stand among them): no words of an item's. */
const FIGURES_ONLY = /^(?:[-\d\s.,%€$£]|EUR|USD|GBP|CHF)+$/;

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
    const sums = row ?? summingRow(lines.slice(i + 1, i + 12), columns);
    if (!sums) continue;
    return { ...valuesByColumn(sums, columns), line: sums };
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

/**
 * A sums table with no word on its total row ("Nettobetrag MwSt-Betrag Endbetrag" over a row per tax
 * rate, then their sums): the rows of figures right under the heading, the last of which adds up
 * the others column by column; a single row of figures is the sums itself.
 */
function summingRow(below: TTextLine[], columns: Partial<Record<keyof typeof SUM_COLUMNS, number>>): TTextLine | undefined {
  const rows: TTextLine[] = [];
  for (const line of below) {
    if (!FIGURES_ONLY.test(line.text.trim()) || findAmounts(line.text).length < 2) break;
    rows.push(line);
  }
  const last = rows.at(-1);
  if (!last || rows.length === 1) return last;
  const sums = valuesByColumn(last, columns);
  const parts = rows.slice(0, -1).map((r) => valuesByColumn(r, columns));
  const keys = Object.keys(sums) as (keyof typeof sums)[];
  const adds = (key: keyof typeof sums) => Math.abs(parts.reduce((sum, p) => sum + Number(p[key] ?? NaN), 0) - Number(sums[key])) < 0.015;
  return keys.length > 0 && keys.every(adds) ? last : undefined;
}

/** Invoice fields from text-layer or OCR'd pages by layout-independent rules. */
export function structureInvoice(pages: TPage[]): TInvoice {
  const lines = pageLines(pages);
  const text = lines.map((l) => l.text).join("\n");
  const currency = detectCurrency(text);
  const order = currency === "USD" ? "mdy" : "dmy";
  const anyDate = findDates(text, order)[0];
  const invoiceNumber = findInvoiceNumber(lines);
  const date =
    findLabelledDate(lines, INVOICE_DATE_LABEL, order, RELATED_INVOICE) ??
    dateAfterNumber(invoiceNumber, order) ??
    findLabelledDate(lines, LETTER_DATE, order) ??
    findLabelledDate(lines, DATE_LABEL, order, OTHER_DATE) ??
    (anyDate ? found(anyDate.iso, 0.5) : blank());
  const table = sumsFromColumns(lines);
  const net = table.net ? found(table.net, 0.6, table.line) : findLabelledAmount(lines, NET_LABEL, PAYMENT_TERMS);
  const tax = table.tax
    ? found(table.tax, 0.6, table.line)
    : findLabelledAmount(
        lines,
        TAX_LABEL,
        /\b(id|nr|no|number|nummer|reg|incl?|inclusive|including|exclusief|excl|exkl|ex|excluding|before|ohne|sem|sin|senza|hors)\b|\bs\/|%\s*$/i,
      );
  // India splits GST into its central and state halves (CGST + SGST, or UTGST), or charges IGST whole.
  if (tax.value === null) {
    const split = splitGst(lines);
    if (split) Object.assign(tax, split);
  }
  const netPlusTax = net.value !== null && tax.value !== null ? Number(net.value) + Number(tax.value) : null;
  const total = table.total ? found(table.total, 0.7, table.line) : findTotal(lines, netPlusTax);
  crossCheck(net, tax, total);
  const items = findLineItems(lines, { subtotal: net.value, total: total.value });
  return {
    type: "invoice",
    fields: {
      issuer: findIssuer(lines),
      invoiceNumber: invoiceNumber.field,
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
