import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "../_components/auth-form";

export const metadata: Metadata = { title: "Sign in · docvault" };

export default function SignInPage() {
  return (
    <>
      <h1>Sign in to docvault</h1>
      <AuthForm mode="sign-in" />
      <p>
        No account yet? <Link href="/sign-up">Create one</Link>.
      </p>
    </>
  );
}
