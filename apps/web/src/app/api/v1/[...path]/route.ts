import { answerRest } from "~/server/openapi/rest-handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** /api/v1/...: the script-facing procedures as REST (documented at /api/openapi.json). */
export { answerRest as GET, answerRest as POST, answerRest as DELETE };
