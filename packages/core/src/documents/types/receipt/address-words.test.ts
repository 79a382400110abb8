import { describe, expect, it } from "vitest";
import { correctAddressWords } from "./address-words";

describe("correctAddressWords", () => {
  it.each([
    ["Jaian Lapangan Terbang Subang", "Jalan Lapangan Terbang Subang"],
    ["58000 KUALA LUNPUR.", "58000 KUALA LUMPUR."],
    ["No 7, Simpang Off Batu Vilage.", "No 7, Simpang Off Batu Village."],
    ["69000 Pahang Malaysla", "69000 Pahang Malaysia"],
    ["33 JLN BANGAU 1,KEFONG BARU", "33 JLN BANGAU 1,KEPONG BARU"],
    ["evel 6, Bangunan TH", "level 6, Bangunan TH"],
    ["Ground Foor, Wsma UOA", "Ground Floor, Wisma UOA"],
    ["No 15 Jalan Bandar Rawan9 10", "No 15 Jalan Bandar Rawang 10"],
    ["33 JLN BANGAU 1,KEPON9 BARU", "33 JLN BANGAU 1,KEPONG BARU"],
    ["Seksyen U3 Shah 4lam,40150", "Seksyen U3 Shah Alam,40150"],
    ["88 JALAN 5ULTAN ISMAIL", "88 JALAN SULTAN ISMAIL"],
    ["NO. 1 Jalan Euro 1 Cff Jalan Batu Tiga", "NO. 1 Jalan Euro 1 Off Jalan Batu Tiga"],
    ["LOT 5, 0FF JLN KLANG LAMA", "LOT 5, OFF JLN KLANG LAMA"],
  ])("%s -> %s", (read, fixed) => {
    expect(correctAddressWords(read)).toBe(fixed);
  });

  it.each([
    "LOWER GROUND FLOOR",
    "JALAN UTARA",
    "D'sara Avevue",
    "40150 Shah Alan",
    "JALAN KELANG LAMA",
    "SABAK BERNAM",
    "PASARAYA BORONG SUPER SEVEN",
    "Bandar Baru Permas Jaya",
    "Kelana Jaya, 47301 Petaling Jaya",
    "JALAN SS2/72",
    "Seksyen 13, Jalan 13/1",
    // A number before a word is a number where the word with a letter for it is no address word; CFF before no street is left.
    "NO 5LANE 3",
    "40150 4LAMB",
    "3Jalan Besar",
    "CFF JUICE BAR",
    // Another spelling of KOMPLEKS that receipts print.
    "4243,COMPLEKS PERNIAGAAN SRI GAYA",
  ])("leaves %s alone", (text) => {
    expect(correctAddressWords(text)).toBe(text);
  });
});
