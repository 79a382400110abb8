import type { Metadata } from "next";
import Link from "next/link";
import { services } from "~/server/services";
import { AuthForm, OidcButton } from "../_components/auth-form";

export const metadata: Metadata = { title: "Sign in · docvault" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  const { mailer, oidcName, allowSignUp } = services();
  return (
    <>
      <h1>Sign in to docvault</h1>
      <AuthForm mode="sign-in" />
      {mailer.delivers && (
        <p>
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      )}
      {oidcName && <OidcButton name={oidcName} />}
      {allowSignUp ? (
        <p>
          No account yet? <Link href="/sign-up">Create one</Link>.
        </p>
      ) : (
        <p className="muted">New accounts are by invitation: ask an administrator.</p>
      )}
    </>
  );
}
