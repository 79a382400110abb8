import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { AppError } from "../../errors/app-error";

/**
 * Addresses a webhook must not reach: a user-supplied URL would otherwise let anyone make the
 * server call its own loopback, the private network or a cloud metadata endpoint (SSRF).
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv6");
}

/** Whether `address` (an IP literal) is loopback, private, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  // IPv4 written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped) return PRIVATE.check(mapped, "ipv4");
  const family = isIP(bare);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return PRIVATE.check(bare, family === 4 ? "ipv4" : "ipv6");
}

const LOCAL_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i;

/**
 * The host a URL names, as DNS and the socket will see it: without IPv6 brackets and without the
 * trailing dots of a fully qualified name ("localhost." is localhost, "127.0.0.1." is 127.0.0.1).
 */
export function webhookHost(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, "").replace(/\.+$/, "");
}

/**
 * What can be told from the URL alone, without DNS (when a hook is registered): a private IP
 * literal or a local name. Returns the reason, or null.
 */
export function webhookUrlProblem(url: string): string | null {
  const host = webhookHost(url);
  const local = isIP(host) ? isPrivateAddress(host) : LOCAL_NAMES.test(host);
  return local ? privateMessage(host) : null;
}

const privateMessage = (target: string) =>
  `The webhook URL points at ${target}, a private or loopback address; use a public address (or set WEBHOOK_ALLOW_PRIVATE=true for a receiver on your own network).`;

export type TResolveHost = (hostname: string) => Promise<string[]>;

const resolveAll: TResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** Where a delivery connects: the address checked, so a second DNS answer cannot send it elsewhere. */
export type TWebhookTarget = { host: string; address: string; family: 4 | 6 };

/**
 * Resolves a webhook URL's host once and checks every address it has (BAD_REQUEST with the
 * reason when one is loopback, private or link-local, unless `allowPrivate`, which is
 * WEBHOOK_ALLOW_PRIVATE, for a receiver on the same machine or network, and for tests). The
 * delivery then connects to the address returned, never resolving the name again (DNS rebinding).
 */
export async function resolveWebhookTarget(url: string, options: { allowPrivate: boolean; resolve?: TResolveHost }): Promise<TWebhookTarget> {
  const problem = options.allowPrivate ? null : webhookUrlProblem(url);
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const host = webhookHost(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? resolveAll)(host);
    } catch {
      throw new AppError("BAD_REQUEST", `The webhook host ${host} could not be found; check the URL.`);
    }
  }
  const blocked = options.allowPrivate ? undefined : addresses.find(isPrivateAddress);
  const address = addresses[0];
  if (blocked !== undefined || address === undefined) throw new AppError("BAD_REQUEST", privateMessage(blocked ?? host));
  return { host, address, family: isIP(address) === 6 ? 6 : 4 };
}

/** Refuses a webhook URL whose host is, or resolves to, a non-public address (see resolveWebhookTarget). */
export async function assertPublicWebhookTarget(url: string, options: { allowPrivate: boolean; resolve?: TResolveHost }): Promise<void> {
  if (options.allowPrivate) return;
  await resolveWebhookTarget(url, options);
}
