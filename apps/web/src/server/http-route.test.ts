import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, type TErrorCode } from "@docvault/core";
import { dependencyDown, problemResponse } from "./http-route";
import { TRPC_CODES } from "./trpc/trpc";

describe("one code -> status table for REST routes and tRPC", () => {
  it.each(Object.keys(ERROR_CODES) as TErrorCode[])("%s answers with the same status through tRPC as through a route", (code) => {
    const viaTrpc = getHTTPStatusCodeFromError(new TRPCError({ code: TRPC_CODES[code] }));
    expect(viaTrpc).toBe(ERROR_CODES[code].status);
    expect(problemResponse(new AppError(code, "x")).status).toBe(ERROR_CODES[code].status);
  });
});

describe("problemResponse", () => {
  it("says what went wrong and what to do, in one body every route shares", async () => {
    const response = problemResponse(new AppError("FILE_TOO_LARGE", "The file is over the 50 MB limit. Split the PDF."));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: "FILE_TOO_LARGE", message: "The file is over the 50 MB limit. Split the PDF." } });
  });

  it("adds what clients need: when to retry, how to authenticate, and a closed connection after a cut-off upload", () => {
    expect(problemResponse(new AppError("RATE_LIMITED", "Slow down.", { retryAfterMs: 2_500 })).headers.get("retry-after")).toBe("3");
    expect(problemResponse(dependencyDown("Down.")).headers.get("retry-after")).toBe("5");
    expect(problemResponse(new AppError("UNAUTHORIZED", "Sign in.")).headers.get("www-authenticate")).toBe('Bearer realm="docvault"');
    expect(problemResponse(new AppError("UPLOAD_TIMEOUT", "Too slow.")).headers.get("connection")).toBe("close");
  });
});
