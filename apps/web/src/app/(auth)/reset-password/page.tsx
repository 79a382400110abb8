import type { Metadata } from "next";
import { ResetPasswordForm } from "../_components/password-reset";

export const metadata: Metadata = { title: "Choose a new password · docvault" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const token = typeof query.token === "string" ? query.token : null;
  return (
    <>
      <h1>Choose a new password</h1>
      <ResetPasswordForm token={token} invalid={query.error !== undefined} />
    </>
  );
}
