// POST /api/upload: see server/upload-route.ts (the production server answers it in its fast lane,
// http/fast-lane.ts, with the same handler; `next dev` and tests come here).
export { receiveUpload as POST } from "~/server/upload-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
