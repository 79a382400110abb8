import type { NextRequest } from "next/server";
import { captureAssets } from "~/capture/capture-assets";
import { renderCapturePage } from "~/capture/render-capture-page";
import { sessionIsAdmin } from "~/server/auth/session-is-admin";
import { services } from "~/server/services";

export const dynamic = "force-dynamic";

/**
 * The capture page, "/": the installed app's start URL, the page a phone opens cold. It is
 * server-rendered Preact with a small island (src/capture/) rather than a Next page, so it starts
 * without React and Next's client router. src/proxy.ts has already sent a visitor without a
 * session to sign in and set this response's CSP, whose nonce it passes in x-nonce.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const assets = await captureAssets().catch((error: unknown) => {
    services().log.error({ err: error instanceof Error ? error.message : String(error) }, "capture page not served");
    return null;
  });
  if (!assets) {
    return new Response("The capture page is not built on this server. Its operator must run `pnpm build`; see the server log.", {
      status: 503,
      headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "30" },
    });
  }
  // Never rejects: a session lookup that fails or is slow hides the Admin link.
  const admin = await sessionIsAdmin(request.headers);
  const html = renderCapturePage({ nonce: request.headers.get("x-nonce") ?? undefined, admin, assets });
  return new Response(html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      // Per person and per request (the nonce, the Admin link), as Next sends its dynamic pages.
      "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate",
    },
  });
}
