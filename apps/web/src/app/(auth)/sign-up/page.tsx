import type { Metadata } from "next";
import Link from "next/link";
import { services } from "~/server/services";
import { AuthForm, OidcButton } from "../_components/auth-form";

export const metadata: Metadata = { title: "Create an account · docvault" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { allowSignUp, oidcName } = services();
  const raw = (await searchParams).invite;
  const invite = typeof raw === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(raw) ? raw : null;
  if (!allowSignUp && !invite) {
    return (
      <>
        <h1>Create a docvault account</h1>
        <p data-testid="sign-up-closed">Sign-up is closed here: ask an administrator for an invitation, then open its link.</p>
        <p>
          Have an account? <Link href="/sign-in">Sign in</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Create a docvault account</h1>
      {invite && <p className="muted">You were invited: sign up with the address the invitation was sent to.</p>}
      <AuthForm mode="sign-up" invite={invite} />
      {oidcName && <OidcButton name={oidcName} invite={invite} />}
      <p>
        Have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </>
  );
}
