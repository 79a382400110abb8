import { editDistance } from "../../text/fuzzy-words";

/**
 * Words of Malaysian and English street addresses, the country's states, and the towns and
 * districts its addresses name most: a word of an address one OCR slip away from one of these is
 * that word ("Jaian" is JALAN, "LUNPUR" is LUMPUR, "KEFONG" is KEPONG). Words with a real neighbour
 * one slip away are left out (TOWER/LOWER, UTAMA/UTARA, SABAH/SABAK, and LORONG/BORONG: "borong",
 * wholesale, is in many shops' names).
 */
const ADDRESS_WORDS = [
  // Street and building words.
  "JALAN",
  "PERSIARAN",
  "LEBUHRAYA",
  "TAMAN",
  "BANDAR",
  "KAMPUNG",
  "SEKSYEN",
  "SECTION",
  "LEVEL",
  "FLOOR",
  "GROUND",
  "BASEMENT",
  "BLOCK",
  "PLAZA",
  "COMPLEX",
  "KOMPLEKS",
  "WISMA",
  "BANGUNAN",
  "MENARA",
  "SQUARE",
  "CENTRE",
  "STREET",
  "HIGHWAY",
  "VILLAGE",
  "INDUSTRIAL",
  "PERINDUSTRIAN",
  "KAWASAN",
  "SIMPANG",
  "LAPANGAN",
  "PERNIAGAAN",
  "KOMERSIAL",
  "PANGSAPURI",
  "SHOPPING",
  // States and federal territories.
  "SELANGOR",
  "JOHOR",
  "KUALA",
  "LUMPUR",
  "MALAYSIA",
  "PENANG",
  "PINANG",
  "PAHANG",
  "KEDAH",
  "KELANTAN",
  "TERENGGANU",
  "MELAKA",
  "NEGERI",
  "SEMBILAN",
  "SARAWAK",
  "PUTRAJAYA",
  "DARUL",
  "EHSAN",
  "TAKZIM",
  "WILAYAH",
  "PERSEKUTUAN",
  "LABUAN",
  // Towns and districts.
  "PETALING",
  "SUBANG",
  "PUCHONG",
  "KEPONG",
  "CHERAS",
  "KLANG",
  "KLUANG",
  "RAWANG",
  "SELAYANG",
  "AMPANG",
  "CYBERJAYA",
  "SERDANG",
  "KAJANG",
  "SEMENYIH",
  "SETAPAK",
  "WANGSA",
  "DAMANSARA",
  "BANGSAR",
  "BRICKFIELDS",
  "SENTUL",
  "SEGAMBUT",
  "GOMBAK",
  "BALAKONG",
  "KEMBANGAN",
  "MAHKOTA",
  "SUNWAY",
  "MUTIARA",
  "KINRARA",
  "BANTING",
  "SEPANG",
  "DENGKIL",
  "BULOH",
  "PERMAS",
  "SKUDAI",
  "TEBRAU",
  "GUDANG",
  "MASAI",
  "KULAI",
  "SENAI",
  "PONTIAN",
  "SEGAMAT",
  "MERSING",
  "STULANG",
  "SULTAN",
  "TAMPOI",
  "BAHRU",
  "TAIPING",
  "SEREMBAN",
  "NILAI",
  "SEBERANG",
  "BUTTERWORTH",
  "KUANTAN",
  "KUCHING",
  "SANDAKAN",
  "KINABALU",
  "BUKIT",
  "SUNGAI",
  "INDAH",
  "PERMAI",
  "MEWAH",
];
/**
 * Short words and other spellings of address words: never changed, and a misread near one of them
 * is not put right either ("ALAN": ALAM or JALAN? KELANG is KLANG as many still write it).
 */
const LEFT_AS_READ = ["ALAM", "SHAH", "JAYA", "BARU", "KOTA", "DESA", "BATU", "LAMA", "IPOH", "MUAR", "MERU", "SRI", "JLN", "KELANG", "COMPLEKS"];
const KNOWN = new Set([...ADDRESS_WORDS, ...LEFT_AS_READ]);
const ALL = [...KNOWN];

const AS_LETTER: Readonly<Record<string, string>> = { "9": "G", "6": "G", "0": "O", "1": "L", "5": "S", "8": "B", "2": "Z", "4": "A" };

const inCaseOf = (model: string, word: string) =>
  model === model.toUpperCase() ? word : model[0] === model[0]?.toUpperCase() ? word[0] + word.slice(1).toLowerCase() : word.toLowerCase();

/**
 * An address line with its words that are one slip from exactly one address word put right: words
 * of five letters or more, and words of four that lost a letter of a longer word ("evel", "Foor").
 */
export function correctAddressWords(text: string): string {
  return correctWords(
    text
      // A word's first letter read as the digit it looks like ("Shah 4lam", "5ultan"): put back where that makes an address word.
      .replace(/(?<![\p{L}\p{N}])(\d)(\p{L}{3,})/gu, (match, digit: string, rest: string) => {
        const letter = AS_LETTER[digit];
        const whole = `${letter}${rest.toUpperCase()}`;
        return letter && KNOWN.has(whole) ? (rest === rest.toLowerCase() ? whole[0] + whole.slice(1).toLowerCase() : whole) : match;
      })
      // OFF (a road off another: "Off Jalan Batu Tiga") with its O read as C, Q or a zero.
      .replace(/(?<![\p{L}\p{N}])[CcQ0]([Ff]{2})(?=\s+(?:JALAN|JLN|LORONG|LRG|PERSIARAN|LEBUH)\b)/giu, (_, ff: string) => (ff === "FF" ? "OFF" : "Off")),
  );
}

function correctWords(text: string): string {
  return text.replace(/(\p{L}{4,})(\d(?![\d/]))?/gu, (match, token: string, digit?: string) => {
    const upper = token.toUpperCase();
    // A word's last letter read as the digit it looks like ("Rawan9" is RAWANG): the digit goes back to the letter.
    const whole = digit ? upper + (AS_LETTER[digit] ?? "") : "";
    if (digit && KNOWN.has(whole) && !LEFT_AS_READ.includes(whole)) return inCaseOf(token, whole);
    if (digit) return correctWords(token) + digit;
    if (KNOWN.has(upper)) return token;
    const near = ALL.filter((word) => editDistance(upper, word, 1) <= 1);
    const word = near.length === 1 ? (near[0] as string) : null;
    // Near a word left as read, a word is left as read too: KELANA (Kelana Jaya) is no misread KELANG.
    if (!word || LEFT_AS_READ.includes(word) || word.length < 5 || (upper.length < 5 && word.length !== upper.length + 1)) return token;
    return inCaseOf(token, word);
  });
}
