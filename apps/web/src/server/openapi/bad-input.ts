import type { ZodError } from "zod";
import { AppError } from "@docvault/core";

/** A request's input that failed its schema, said the one way REST answers it: the first problem, and where. */
export function badInput(error: ZodError): AppError {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return new AppError("BAD_REQUEST", `Bad input: ${where}${issue?.message ?? "invalid"}.`);
}
