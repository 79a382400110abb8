import { XMLParser } from "fast-xml-parser";
import { ZAmountSchema, type TField } from "../../field";
import type { TLineItem } from "../shared-fields";
import type { TInvoice } from "./invoice-type";
import { isValidIban } from "./structure-invoice";

/**
 * The invoice an e-invoice's XML states (UN/CEFACT Cross Industry Invoice: ZUGFeRD 1 and 2,
 * Factur-X, XRechnung in its CII syntax), as the hybrid PDFs of Germany and France carry it
 * beside their pages. Its values are the invoice's own, not a reading of its print: they go in as
 * they stand, sure. Elements are found by their local names wherever the profile puts them, so
 * ZUGFeRD 1's CrossIndustryDocument reads as well as CrossIndustryInvoice.
 */

/** An e-invoice's XML is a few kilobytes to a few hundred; more is not one. */
export const MAX_E_INVOICE_BYTES = 5_000_000;
/** Line items kept, at most (the XML may list thousands; the page shows what people read). */
const MAX_ITEMS = 1_000;
/** Nesting searched, at most: CII nests a dozen levels deep. */
const MAX_DEPTH = 40;

const SURE = 0.99;

// Every element an array (attributes not), so repeated elements and single ones read alike; namespaces dropped;
// values kept as text (an invoice number "00123" stays so).
const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type TNode = Record<string, unknown>;

/** Every element called `name` under `node`, in document order. */
function findAll(node: unknown, name: string, out: unknown[] = [], depth = 0): unknown[] {
  if (!node || typeof node !== "object" || depth > MAX_DEPTH) return out;
  for (const [key, value] of Object.entries(node as TNode)) {
    if (key.startsWith("@") || key === "#text" || !Array.isArray(value)) continue;
    for (const child of value) {
      if (key === name) out.push(child);
      findAll(child, name, out, depth + 1);
    }
  }
  return out;
}

const first = (node: unknown, ...path: string[]): unknown => path.reduce<unknown>((at, name) => (at === undefined ? undefined : findAll(at, name)[0]), node);

function textOf(node: unknown): string | null {
  if (typeof node === "string") return node.trim() || null;
  if (node && typeof node === "object") {
    const text = (node as TNode)["#text"];
    if (Array.isArray(text)) return textOf(text[0]);
    return textOf(text);
  }
  return null;
}

const attributeOf = (node: unknown, name: string): string | null =>
  node && typeof node === "object" ? (((node as TNode)[`@${name}`] as string | undefined) ?? null) : null;

/** A date as CII writes it (format 102: 20240315) in ISO form. */
function isoDate(node: unknown): string | null {
  const text = textOf(first(node, "DateTimeString")) ?? textOf(node);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text ?? "") ?? /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? "");
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

const amountOf = (node: unknown): string | null => {
  const text = textOf(node);
  return text && ZAmountSchema.safeParse(text).success ? text : null;
};

const sure = <T>(value: T | null): TField<T> => ({ value, confidence: value === null ? 0 : SURE, source: null, method: "e-invoice" });

/** The tax total in the invoice's currency: CII may state it twice, in the invoice's and in the accounting currency. */
function taxTotal(summation: unknown, currency: string | null): string | null {
  const totals = findAll(summation, "TaxTotalAmount");
  const own = totals.find((t) => attributeOf(t, "currencyID") === currency) ?? totals[0];
  return amountOf(own);
}

function lineItems(root: unknown): TLineItem[] {
  return findAll(root, "IncludedSupplyChainTradeLineItem")
    .slice(0, MAX_ITEMS)
    .map((item) => ({
      description: textOf(first(item, "SpecifiedTradeProduct", "Name")) ?? "",
      quantity: textOf(first(item, "BilledQuantity")),
      unitPrice: amountOf(first(item, "NetPriceProductTradePrice", "ChargeAmount")),
      amount: amountOf(first(item, "LineTotalAmount")),
      taxRate: textOf(first(item, "RateApplicablePercent")) ?? textOf(first(item, "ApplicablePercent")),
    }));
}

/**
 * The invoice a Cross Industry Invoice XML states, or null when the XML is not one (another
 * attachment, an order, a damaged file). A DOCTYPE is refused outright: an e-invoice has none, and
 * entity expansion is how XML is made to exhaust a parser.
 */
export function invoiceFromCii(xml: string): TInvoice | null {
  if (xml.length > MAX_E_INVOICE_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch {
    return null;
  }
  const root = findAll(parsed, "CrossIndustryInvoice")[0] ?? findAll(parsed, "CrossIndustryDocument")[0];
  if (!root) return null;
  const header = first(root, "ExchangedDocument") ?? first(root, "HeaderExchangedDocument");
  const seller = first(root, "SellerTradeParty");
  const summation = first(root, "SpecifiedTradeSettlementHeaderMonetarySummation") ?? first(root, "SpecifiedTradeSettlementMonetarySummation");
  const currency = textOf(first(root, "InvoiceCurrencyCode"));
  const vatId = findAll(seller, "SpecifiedTaxRegistration")
    .map((registration) => first(registration, "ID"))
    .find((id) => attributeOf(id, "schemeID") === "VA");
  const iban = findAll(root, "IBANID")
    .map((id) => textOf(id)?.replace(/\s/g, "") ?? "")
    .find((id) => isValidIban(id));
  const items = lineItems(root);
  return {
    type: "invoice",
    fields: {
      issuer: sure(textOf(first(seller, "Name"))?.replace(/\s+/g, " ") ?? null),
      invoiceNumber: sure(textOf(first(header, "ID"))),
      date: sure(isoDate(first(header, "IssueDateTime"))),
      dueDate: sure(isoDate(first(root, "SpecifiedTradePaymentTerms", "DueDateDateTime"))),
      net: sure(amountOf(first(summation, "TaxBasisTotalAmount"))),
      total: sure(amountOf(first(summation, "GrandTotalAmount"))),
      currency: sure(currency && /^[A-Z]{3}$/.test(currency) ? currency : null),
      tax: sure(taxTotal(summation, currency)),
      vatId: sure(textOf(vatId)?.replace(/\s/g, "") ?? null),
      iban: sure(iban ?? null),
      lineItems: { value: items, confidence: items.length ? SURE : 0, source: null, method: "e-invoice" },
    },
  };
}
