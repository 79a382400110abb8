import { BlockList, isIP } from "node:net";

/**
 * Which proxies' X-Forwarded-For may be believed (TRUSTED_PROXIES): none (the socket's address is
 * the client), the nearest `hops` proxies, or the proxies whose addresses are in `list`.
 */
export type TTrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; list: BlockList; text: string };

/** Reads TRUSTED_PROXIES ("1", "2", or "10.0.0.0/8, 192.168.1.5, fd00::/8"); a string says what is wrong. */
export function parseTrustedProxies(raw: string | undefined): TTrustedProxies | string {
  const text = (raw ?? "").trim();
  if (!text) return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops === 0 ? { kind: "none" } : hops <= 10 ? { kind: "hops", hops } : "a hop count must be between 0 and 10";
  }
  const list = new BlockList();
  for (const entry of text
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = "", prefixText] = entry.split("/");
    const family = isIP(address);
    if (family === 0) return `"${entry}" is neither a hop count nor an IP address or CIDR range (e.g. 10.0.0.0/8)`;
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return `"${entry}" has a bad prefix length`;
    list.addSubnet(address, prefix, type);
  }
  return { kind: "cidrs", list, text };
}

/** IPv4 written as IPv6 (::ffff:10.0.0.1) is the IPv4 address. */
export function normaliseAddress(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, "");
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(bare) ? bare.slice(7) : bare;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address from the socket's (`peer`) and the X-Forwarded-For chain: with no trusted
 * proxy the socket's, whatever the header says; with `hops` the address that many proxies back;
 * with a list, the nearest address that is not one of the listed proxies.
 */
export function clientAddressFrom(peer: string, forwardedFor: string | null | undefined, trusted: TTrustedProxies): string {
  const socket = normaliseAddress(peer);
  if (trusted.kind === "none") return socket;
  const chain = [...(forwardedFor ?? "").split(",").map(normaliseAddress).filter(Boolean), socket];
  if (trusted.kind === "hops") return chain[Math.max(0, chain.length - 1 - trusted.hops)] ?? socket;
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i] ?? "";
    if (!isTrusted(trusted.list, address)) return address;
  }
  return chain[0] ?? socket;
}
