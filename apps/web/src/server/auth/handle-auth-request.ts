import { services } from "../services";

/** /api/auth/*: better-auth's own handler (sign-up, sign-in, sign-out, session). */
export async function handleAuthRequest(request: Request): Promise<Response> {
  return services().auth.handler(request);
}
