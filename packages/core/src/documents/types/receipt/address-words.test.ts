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
  ])("leaves %s alone", (text) => {
    expect(correctAddressWords(text)).toBe(text);
  });
});
