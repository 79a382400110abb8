// Security table row #30 (security.int.test.ts): whose X-Forwarded-For is believed.
import { describe, expect, it } from "vitest";
import { clientAddressFrom, parseTrustedProxies, type TTrustedProxies } from "../http/trusted-proxies";

const parsed = (raw: string): TTrustedProxies => {
  const result = parseTrustedProxies(raw);
  if (typeof result === "string") throw new Error(result);
  return result;
};

describe("TRUSTED_PROXIES", () => {
  it("unset: the socket's address, whatever X-Forwarded-For claims", () => {
    expect(clientAddressFrom("203.0.113.9", "198.51.100.1, 198.51.100.2", parsed(""))).toBe("203.0.113.9");
    expect(clientAddressFrom("::ffff:203.0.113.9", null, parsed("0"))).toBe("203.0.113.9");
  });

  it("a hop count: the address that many proxies back; a longer forged chain changes nothing", () => {
    expect(clientAddressFrom("10.0.0.2", "203.0.113.7", parsed("1"))).toBe("203.0.113.7");
    expect(clientAddressFrom("10.0.0.2", "1.2.3.4, 5.6.7.8, 203.0.113.7", parsed("1"))).toBe("203.0.113.7");
    expect(clientAddressFrom("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.9", parsed("2"))).toBe("203.0.113.7");
    // Fewer hops than configured: the farthest address there is.
    expect(clientAddressFrom("10.0.0.2", null, parsed("1"))).toBe("10.0.0.2");
  });

  it("a CIDR list: the nearest address that is not a listed proxy", () => {
    const trusted = parsed("10.0.0.0/8, 192.168.1.5, fd00::/8");
    expect(clientAddressFrom("10.1.2.3", "1.2.3.4, 203.0.113.7, 192.168.1.5", trusted)).toBe("203.0.113.7");
    expect(clientAddressFrom("fd00::1", "203.0.113.8", trusted)).toBe("203.0.113.8");
    // The socket is no listed proxy: its header is not believed at all.
    expect(clientAddressFrom("198.51.100.3", "203.0.113.7", trusted)).toBe("198.51.100.3");
  });

  it("refuses what it cannot read, saying why", () => {
    expect(parseTrustedProxies("10.0.0.0/99")).toMatch(/bad prefix length/);
    expect(parseTrustedProxies("proxy.example")).toMatch(/neither a hop count nor an IP address/);
    expect(parseTrustedProxies("11")).toMatch(/between 0 and 10/);
  });
});
