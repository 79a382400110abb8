import type { Metadata } from "next";
import Link from "next/link";
import { services } from "~/server/services";
import { ForgotPasswordForm } from "../_components/password-reset";

export const metadata: Metadata = { title: "Forgot your password · docvault" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <>
      <h1>Reset your password</h1>
      {services().mailer.delivers ? (
        <ForgotPasswordForm />
      ) : (
        <p>This docvault sends no e-mail (no SMTP_URL is configured), so a password cannot be reset by link. Ask whoever runs it.</p>
      )}
      <p>
        <Link href="/sign-in">Back to sign-in</Link>
      </p>
    </>
  );
}
