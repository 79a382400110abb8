/**
 * What identifies who sent a document, read from its text: the numbers a business prints to be
 * found (VAT and registration numbers, phone numbers), the domains of its e-mail and web
 * addresses, and its header (the first line that says something). A person's correction of the
 * sender's name is remembered under these keys, so their next document from that sender gets it.
 *
 * Keys are written `kind:value`, most telling kind first; each kind is normalised so OCR's spacing
 * and punctuation do not matter ("DE 123 456 789" = "DE123456789").
 */
export const SENDER_KEY_KINDS = ["vat", "reg", "email", "web", "phone", "header"] as const;
export type TSenderKeyKind = (typeof SENDER_KEY_KINDS)[number];

/** Mail services many people and firms share: their domain says nothing about the sender. */
const SHARED_MAIL = /^(gmail|googlemail|yahoo|hotmail|outlook|live|icloud|me|aol|gmx|web|proton|protonmail|mail|yandex|qq|163)\./;

const lettersAndDigits = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** An EU (or UK, Swiss) VAT number as printed: a country prefix and 8 to 12 letters and digits. */
const VAT = /\b(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|CHE)[ .-]?((?:[0-9A-Z][ .-]?){8,12})\b/g;
/** A labelled registration or tax number: "GST Reg No: 000123456789", "Co. Reg. 123456-X", "ABN 51 824 753 556", "SIRET 732 829 320 00074". */
const REGISTRATION =
  /\b(?:gst|sst|vat|tax|tin|abn|acn|roc|ssm|siret|siren|kvk|uid|hrb|company|co|reg(?:istration)?|business)\b\.?(?:[\s.]*(?:reg(?:istration)?|no|number|id|nr)\b\.?)*[ .:#-]*((?:[0-9][ .-]?){5,}[0-9](?:-?[A-Z]\b)?)/gi;
const PHONE = /(?:\+|\b)(\d[\d ().-]{6,}\d)\b/g;
const EMAIL = /\b[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,})\b/gi;
const WEB = /\b(?:https?:\/\/)?www\.((?:[\w-]+\.)+[a-z]{2,})\b/gi;

function keysOf(kind: TSenderKeyKind, values: Iterable<string>): string[] {
  return [...new Set(values)].map((value) => `${kind}:${value}`);
}

/** The sender's keys found in a document's text, most telling first; none for a text that names no one. */
export function senderKeys(text: string): string[] {
  const vat = [...text.matchAll(VAT)].map((m) => `${m[1] ?? ""}${lettersAndDigits(m[2] ?? "")}`).filter((v) => /\d{6}/.test(v));
  const registration = [...text.matchAll(REGISTRATION)].map((m) => lettersAndDigits(m[1] ?? "")).filter((v) => v.replace(/\D/g, "").length >= 6);
  const email = [...text.matchAll(EMAIL)].map((m) => (m[1] ?? "").toLowerCase()).filter((d) => !SHARED_MAIL.test(d));
  const web = [...text.matchAll(WEB)].map((m) => (m[1] ?? "").toLowerCase());
  const phone = [...text.matchAll(PHONE)]
    .map((m) => (m[1] ?? "").replace(/\D/g, ""))
    // A phone number has 8 to 15 digits; dates, amounts and registration numbers are told apart by their shape above.
    .filter((digits) => digits.length >= 8 && digits.length <= 15 && !registration.some((r) => r.replace(/\D/g, "") === digits));
  return [
    ...keysOf("vat", vat),
    ...keysOf("reg", registration),
    ...keysOf("email", email),
    ...keysOf("web", web),
    ...keysOf("phone", phone),
    ...keysOf("header", headerOf(text)),
  ];
}

/**
 * The first line that names something: at least four letters, not a generic title ("RECEIPT",
 * "TAX INVOICE") or a greeting, letters and digits only, lower case.
 */
function headerOf(text: string): string[] {
  const GENERIC = /^(receipt|tax ?invoice|invoice|rechnung|facture|factura|fattura|bon|kassenbon|quittung|welcome|thank ?you|copy|duplicate|original)$/;
  for (const line of text.split("\n").slice(0, 8)) {
    const words = line
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9 ]/g, " ")
      .trim()
      .replace(/\s+/g, " ");
    if ((words.match(/[a-z]/g) ?? []).length < 4 || GENERIC.test(words)) continue;
    return [words.replace(/ /g, "")];
  }
  return [];
}

/** How telling a key is (lower first): a VAT number names one firm; a header may be shared by its branches. */
export const senderKeyRank = (key: string): number => {
  const kind = key.slice(0, key.indexOf(":")) as TSenderKeyKind;
  const rank = SENDER_KEY_KINDS.indexOf(kind);
  return rank === -1 ? SENDER_KEY_KINDS.length : rank;
};
