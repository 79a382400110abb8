import { editDistance } from "../../text/fuzzy-words";

/**
 * Words of Malaysian and English street addresses, and the country's states: a word of an address
 * one OCR slip away from one of these is that word ("Jaian" is JALAN, "LUNPUR" is LUMPUR). Words
 * with a real neighbour one slip away are left out (TOWER/LOWER, UTAMA/UTARA, SABAH/SABAK, and
 * LORONG/BORONG: "borong", wholesale, is in many shops' names).
 */
const ADDRESS_WORDS = [
  "JALAN", "PERSIARAN", "TAMAN", "BANDAR", "KAMPUNG", "SEKSYEN", "SECTION", "LEVEL", "FLOOR",
  "GROUND", "BLOCK", "PLAZA", "COMPLEX", "KOMPLEKS", "WISMA", "BANGUNAN", "MENARA", "SQUARE", "CENTRE",
  "STREET", "HIGHWAY", "VILLAGE", "INDUSTRIAL", "PERINDUSTRIAN", "KAWASAN", "SIMPANG", "LAPANGAN",
  "SELANGOR", "JOHOR", "KUALA", "LUMPUR", "MALAYSIA", "PENANG", "PINANG", "PAHANG", "KEDAH", "KELANTAN",
  "TERENGGANU", "MELAKA", "NEGERI", "SEMBILAN", "SARAWAK", "PUTRAJAYA", "DARUL", "EHSAN", "TAKZIM", "WILAYAH",
  "PERSEKUTUAN",
];
const KNOWN = new Set(ADDRESS_WORDS);

const inCaseOf = (model: string, word: string) =>
  model === model.toUpperCase() ? word : model[0] === model[0]?.toUpperCase() ? word[0] + word.slice(1).toLowerCase() : word.toLowerCase();

/** An address line with its words of five letters or more that are one slip from exactly one address word put right. */
export function correctAddressWords(text: string): string {
  return text.replace(/\p{L}{5,}/gu, (token) => {
    const upper = token.toUpperCase();
    if (KNOWN.has(upper)) return token;
    const near = ADDRESS_WORDS.filter((word) => editDistance(upper, word, 1) <= 1);
    return near.length === 1 ? inCaseOf(token, near[0] as string) : token;
  });
}
