import { currentPeer } from "./peer-address";
import { clientAddressFrom, type TTrustedProxies } from "./trusted-proxies";

/**
 * The address a request came from, for rate limits. The production server passes the socket's
 * address down (peer-address.ts); X-Forwarded-For counts only as far as TRUSTED_PROXIES says.
 * Without the production server (`next dev`) the socket is unknown: every request then shares one
 * address, "unknown", rather than trust a header any client can write.
 */
export function clientAddress(request: Request, trusted: TTrustedProxies): string {
  const peer = currentPeer();
  if (peer) return clientAddressFrom(peer.address, peer.forwardedFor, trusted);
  return clientAddressFrom("unknown", request.headers.get("x-forwarded-for"), trusted);
}
