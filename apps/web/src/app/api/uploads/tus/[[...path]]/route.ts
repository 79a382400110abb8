import { tusServer } from "~/server/tus-server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** tus 1.0 resumable uploads: POST creates, HEAD tells the offset, PATCH appends, DELETE abandons. */
const handler = (request: Request) => tusServer().handleWeb(request);

export { handler as POST, handler as PATCH, handler as HEAD, handler as OPTIONS, handler as DELETE, handler as GET };
