// What the lines of a receipt say about themselves, in the languages of the receipts docvault
// reads (English, Malay, French, German, Spanish, Italian, Dutch): legal forms, address words,
// labels. Patterns name kinds of line, never a merchant.

/** Legal forms that end a company's name. */
export const LEGAL_FORM =
  /\b(SDN\.?\s*BHD|BHD|BERHAD|S\/B|SDN|PLC|LTD|LIMITED|LLC|INC|CORP(ORATION)?|GMBH|AG|KG|S\.?A\.?R\.?L|SAS|S\.?P\.?A|S\.?R\.?L|B\.?V|N\.?V|PTE|PTY|CO\.?\s*\(M\)|ENTERPRISES?|TRADING)\b\.?/i;
/** Legal forms after which nothing of the name follows (not ENTERPRISE or TRADING, which names continue past). */
export const LEGAL_END =
  /\b(SDN\.?\s*BHD|BHD|BERHAD|S\/B|PLC|LTD|LIMITED|LLC|INC|GMBH|S\.?A\.?R\.?L|SAS|S\.?P\.?A|S\.?R\.?L|B\.?V|N\.?V|PTE\.?\s*LTD|PTY\.?\s*LTD)\b\.?/i;
/** Words of businesses' names that are not legal forms. */
export const BUSINESS_WORD =
  /\b(RESTAURANT|RESTORAN|CAFE|BAKERY|BAKERIES|MART|MARKET|SUPERMARKET|HYPERMARKET|STORE|SHOP|PHARMACY|FARMASI|HARDWARE|STATIONERY|BOOKSTORES?|BOOK|TRADING|HOLDINGS|MARKETING|INDUSTRIES|RESOURCES|PERNIAGAAN|KEDAI|HOTEL|CENTRE|CENTER|STATION|FLORIST|DISTRIBUTOR|DISTRIBUTION|HEALTHCARE|SYARIKAT|FOOD|BEVERAGE|KITCHEN|SERVICES?|GROCER|BOULANGERIE|PHARMACIE|APOTHEKE|B[ÄA]CKEREI|FARMACIA|PANADERIA|BAKKERIJ|SUPERMERCADO)\b/i;
/** Company and tax registration lines: "(1234567-X)", "(No. 193573-M)", "CO. REG NO", "GST ID", "SST No", "ROC". */
export const REGISTRATION =
  /^\W*\(?\s*[A-Z]{0,3}\.?\s*\d{4,}[-\s]?[A-Z]?\s*\)?\W*$|\b(CO(MPANY)?\.?\s*(REG|NO)|REG(ISTRATION)?\.?\s*N[O0]|BR\s*NO|ROC\b|G[S5]T\s*(ID|REG|N[O0])|SST\s*(ID|REG|N[O0])|TAX\s*ID|VAT\s*(ID|N[O0])|BUSINESS\s*REG)|\(\d{4,}[-\s]?[A-Z]\)/i;
/** Phone, fax, e-mail and web lines. */
export const CONTACT =
  /\b(TEL|FAX|PHONE|H\/P|HP|EMAIL|E-MAIL|WEBSITE|WWW|MOBILE|HOTLINE|T[ÉE]L[ÉE]PHONE|TELEFON|TEL[ÉE]FONO)\b|[\w.-]@[\w-]|\.(COM|MY|NET|ORG)\b|(^|[\s:])\(?0\d{1,2}\)?[-\s]?\d{3,4}[-\s]?\d{3,4}\b/i;
/** Lines that open the body of a receipt: document titles, cashier, dates, counters. */
export const BODY_START =
  /\b(TAX\s*INVOICE|INVOICE|RECEIPT|RESIT|BILL|CASHIER|COUNTER|TABLE|SERVER|DOC(UMENT)?\s*N[O0]|SLIP|ORDER|GUEST|QTY|DESCRIPTION|FACTURE|TICKET|RECHNUNG|BON|QUITTUNG|SCONTRINO|RICEVUTA|FACTURA|KASSABON|WELCOME|SELAMAT|THANK)\b/i;
/** Words of street addresses (and their abbreviations) in the languages above. */
export const STREET_WORD =
  /\b(JALAN|JLN|LORONG|LRG|PERSIARAN|LEBUH|TAMAN|TMN|BANDAR|KAMPUNG|KG|SEKSYEN|SEK|SECTION|LOT|NO|LEVEL|FLOOR|FLR|BLOCK|BLK|UNIT|PLAZA|MALL|COMPLEX|KOMPLEKS|COMPLEKS|WISMA|BANGUNAN|MENARA|TOWER|PARK|SQUARE|CENTRE|CENTER|STREET|ST|ROAD|RD|AVENUE|AVE|LANE|DRIVE|HIGHWAY|BOULEVARD|BLVD|RUE|ROUTE|AUTOROUTE|CHEMIN|QUAI|IMPASSE|AVENIDA|CALLE|CARRETERA|PASEO|VIA|CORSO|STRADA|VIALE|PIAZZA|STRASSE|STRAßE|STR|WEG|GASSE|ALLEE|PLATZ|STRAAT|PLEIN|LAAN|GRACHT|MUKIM|BATU|INDUSTRIAL|PERINDUSTRIAN|KAWASAN|OFF)\b|[A-ZÀ-ÖØ-Ý]{2,}(?:STRASSE|STRAßE|WEG|GASSE|ALLEE|PLATZ|STRAAT|LAAN|GRACHT|PLEIN|KADE|DIJK|STEEG|SINGEL)\s+\d/i;
/** A postcode followed by a town: five digits (Malaysia, Germany, France, Spain, Italy, US), or four digits and two letters (Netherlands). */
export const POSTCODE =
  /(?:^|[\s,.])(?<!\b(?:LOT|NO|PT|PTD|UNIT|BLOCK|BLK|KM|PLOT)\.?\s{0,2})(\d{5}|\d{4}\s?[A-Z]{2})[\s,.]*[A-Za-z]{3,}|[A-Za-z]{2,},?\s+\d{5}\s*\.?$/i;
/** Regions and countries that end an address. */
const REGION_NAME =
  /(SELANGOR(\s+DARUL\s+EHSAN)?|JOHOR(\s+DARUL\s+TAKZIM)?|KUALA\s+LUMPUR|WILAYAH\s+PERSEKUTUAN|W\.?\s*P\.?|PULAU\s+PINANG|PENANG|PERAK|PAHANG|KEDAH|KELANTAN|TERENGGANU|MELAKA|MALACCA|NEGERI\s+SEMBILAN|SABAH|SARAWAK|PERLIS|PUTRAJAYA|LABUAN|MALAYSIA|SINGAPORE|FRANCE|DEUTSCHLAND|GERMANY|ESPA[ÑN]A|SPAIN|ITALIA|ITALY|NEDERLAND|NETHERLANDS|BELGI[QU]UE|BELGIUM|UNITED\s+KINGDOM|UK|USA)(\s+DARUL\s+\w+)?/
    .source;
/** A line that holds only regions and countries ("SELANGOR, MALAYSIA"): the end of an address. */
export const REGION = new RegExp(`^\\W*${REGION_NAME}([\\s,.]+${REGION_NAME})*\\W*$`, "i");
/** A town or district and its region ("KUALA SELANGOR.", "Hulu Langat, Selangor"): after the postcode line, still the address. */
export const TOWN_AND_REGION = new RegExp(`^\\W*(\\p{L}+[\\s,]+){1,2}${REGION_NAME}\\W*$`, "iu");

/** Labels of the amount to pay. `strong` ones name it outright. */
export const TOTAL_WORDS = ["TOTAL", "JUMLAH", "TOTAAL", "GESAMT", "SUMME", "TOTALE", "IMPORTE", "MONTANT", "NETT", "PAYABLE", "DUE"] as const;
export const STRONG_TOTAL =
  /GRAND\s*TOTAL|NETT?\s*(TOTAL|AMT|AMOUNT)|TOTAL\s*(\(RM\)|RM|AMOUNT|AMT|\(?INCL|PAYABLE|DUE|SALES|ROUNDED|AFTER|TO\s*PAY)|ROUND(ED|ING)?\s*TOTAL|AMOUNT\s*(DUE|PAYABLE|TO\s*BE\s*PAID)|TOTAL\s*:|[ÀA]\s*PAYER|ZU\s*ZAHLEN|A\s*PAGAR|DA\s*PAGARE|TE\s*BETALEN|JUMLAH\s*(BESAR|BAYARAN)|INCLUSIVE/i;
/** Lines whose amount is part of the total or beside it, never the total itself. */
export const NOT_TOTAL =
  /TOTAL\s*(QTY|QUANTITY|ITEMS?|PCS|UNITS?|DISC(OUNT)?|SAVINGS?|EXCL\w*|GST\s*$|TAX\s*$|NO\b)|\bQTY\b|EXCLUD|EXCLUSIVE|B[EI]FORE\s*(GST|TAX)|\bDISC(OUNT)?\b|\bSAVINGS?\b|TENDER|\bCHANGE\b|\bBAKI\b|\bKEMBALI|\bRENDU|WECHSELGELD|\bCAMBIO\b|\bRESTO\b|POINTS?/i;
export const SUBTOTAL = /SUB\s*-?\s*TOTAL|TOTAL\s*(SALES\s*)?\(?EXCL\w*|TOTAL\s*B[EI]FORE|SOUS[\s-]*TOTAL|ZWISCHENSUMME|SUBTOTAAL|SUBTOTALE/i;
export const TAX_LINE = /\b(GST|SST|TAX|VAT|TVA|MWST|IVA|BTW|CUKAI)\b/i;
export const ROUNDING = /\bROUND(ING|ED)?\b|\bADJ(USTMENT)?\b|\bPENGGENAPAN\b/i;
/** What was handed over, and what came back. */
export const PAID =
  /\b(CASH|TUNAI|PAID|PAYMENT|TENDERED?|RECEIVED|CARD|VISA|MASTER(CARD)?|AMEX|DEBIT|CREDIT|E-?WALLET|BOOST|GRABPAY|ESP[ÈE]CES|BAR|EFECTIVO|CONTANTI|CONTANT)\b/i;
export const CHANGE = /\b(CHANGE|BAKI|KEMBALI|RENDU|R[ÜU]CKGELD|WECHSELGELD|CAMBIO|VUELTO|RESTO|WISSELGELD)\b/i;
/** Labels of the receipt's date. */
export const DATE_LABEL = /\b(DATE|DATED|TARIKH|DATUM|FECHA|DATA|LE)\b/i;
export const NOT_RECEIPT_DATE = /\b(EXP(IRY|IRES)?|VALID|DUE|BEST\s+BEFORE|BIRTH|MEMBER\s+SINCE|UNTIL)\b/i;
