import type { Metadata } from "next";
import Link from "next/link";
import { services } from "~/server/services";
import { AuthForm, OidcButton } from "../_components/auth-form";

export const metadata: Metadata = { title: "Sign in · docvault" };
export const dynamic = "force-dynamic";

const OIDC_ERRORS: Record<string, string> = {
  SIGN_UP_CLOSED: "there is no account for that address here, and sign-up is closed: ask an administrator for an invitation",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { mailer, oidcName, allowSignUp } = services();
  const error = (await searchParams).error;
  return (
    <>
      <h1>Sign in to docvault</h1>
      {typeof error === "string" && (
        <p role="alert" className="error" data-testid="sign-in-refused">
          Signing in through {oidcName ?? "the provider"} did not work: {OIDC_ERRORS[error.toUpperCase()] ?? error.replace(/_/g, " ").toLowerCase()}.
        </p>
      )}
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
