import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "../_components/auth-form";

export const metadata: Metadata = { title: "Create an account · docvault" };

export default function SignUpPage() {
  return (
    <>
      <h1>Create a docvault account</h1>
      <AuthForm mode="sign-up" />
      <p>
        Have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </>
  );
}
