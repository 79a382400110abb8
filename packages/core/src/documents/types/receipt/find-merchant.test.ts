import { describe, expect, it } from "vitest";
import { cleanMerchant, repairLegalForm } from "./find-merchant";

describe("a misread SDN BHD at the end of a merchant's name", () => {
  it.each([
    ["SUPER.SEVEN CASH & CARRY SEN 3HD", "SUPER.SEVEN CASH & CARRY SDN BHD"],
    ["SUN VICTORY SON BHD", "SUN VICTORY SDN BHD"],
    ["SUBANG HEALTHCARE SIIN BHD", "SUBANG HEALTHCARE SDN BHD"],
    ["KEDAI RUNCIT 5DN 8HD.", "KEDAI RUNCIT SDN BHD"],
    ["MINI MARKET SDN 3HD", "MINI MARKET SDN BHD"],
  ])("%s -> %s", (read, name) => {
    expect(repairLegalForm(read)).toBe(name);
    expect(cleanMerchant(`${read} (123456-X)`)).toBe(name);
  });

  it.each(["SUN VICTORY SDN BHD", "Segi Cash & Carry Sdn. Bhd.", "SUNSHINE BHD", "THE SON", "GREEN SUN CAFE", "SOON HUAT ENTERPRISE"])(
    "leaves %s as it is",
    (name) => {
      expect(repairLegalForm(name)).toBe(name);
    },
  );
});
