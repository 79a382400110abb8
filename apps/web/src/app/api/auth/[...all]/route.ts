import { handleAuthRequest } from "~/server/auth/handle-auth-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export { handleAuthRequest as GET, handleAuthRequest as POST };
