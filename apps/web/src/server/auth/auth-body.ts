/** The media types better-auth reads a body in (better-call's getBody for its JSON and form endpoints). */
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

export type TAuthBody = { ok: true; fields: Record<string, unknown> } | { ok: false; response: Response };

/**
 * Reads an auth POST's body the way better-auth will, so that our limits see the same email it
 * checks: JSON, or a form (the last value of a repeated field, as better-call keeps). Any other
 * type is refused here (better-auth refuses it too), so no body type can slip past the count.
 */
export async function readAuthBody(request: Request): Promise<TAuthBody> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!request.body) return { ok: true, fields: {} };
  if (type === JSON_TYPE) {
    const parsed: unknown = await request
      .clone()
      .json()
      .catch(() => null);
    return { ok: true, fields: parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {} };
  }
  if (type === FORM_TYPE) {
    const form = new URLSearchParams(await request.clone().text());
    const fields: Record<string, unknown> = {};
    for (const key of new Set(form.keys())) fields[key] = form.getAll(key).at(-1);
    return { ok: true, fields };
  }
  return {
    ok: false,
    response: Response.json({ code: "UNSUPPORTED_MEDIA_TYPE", message: `Send the form as ${JSON_TYPE} or ${FORM_TYPE}.` }, { status: 415 }),
  };
}

export const stringField = (fields: Record<string, unknown>, key: string): string | null => {
  const value = fields[key];
  return typeof value === "string" ? value : null;
};
