"use client";

import { useState, type FormEvent } from "react";
import { csrfHeaders } from "~/lib/csrf-client";
import { INVITE_COOKIE, INVITE_HEADER } from "~/server/auth/invite-cookie";
import styles from "./auth-form.module.css";
import { safeNextPath } from "./safe-next";

type TMode = "sign-in" | "sign-up";

const ENDPOINT: Record<TMode, string> = { "sign-in": "/api/auth/sign-in/email", "sign-up": "/api/auth/sign-up/email" };

const safeNext = () => safeNextPath(new URLSearchParams(window.location.search).get("next"));

const post = (url: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", ...csrfHeaders(), ...extra },
    body: JSON.stringify(body),
  });

async function messageOf(response: Response): Promise<string> {
  if (response.status === 429) {
    const wait = response.headers.get("retry-after");
    return `Too many attempts. Try again in ${wait ?? "a few"} seconds.`;
  }
  const body = (await response.json().catch(() => null)) as { message?: string; error?: { message?: string } } | null;
  return body?.message ?? body?.error?.message ?? `The server answered ${response.status}. Try again in a moment.`;
}

export type TAuthFormProps = {
  mode: TMode;
  /** An invitation's token (from ?invite=): sent with the sign-up, kept for an OIDC round trip. */
  invite?: string | null;
};

export function AuthForm({ mode, invite = null }: TAuthFormProps) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const name = String(form.get("name") ?? "").trim() || email.split("@")[0] || email;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (mode === "sign-up") {
        // The answer is the same whether the address is new or known; signing in next tells the person.
        const created = await post(ENDPOINT["sign-up"], { name, email, password, callbackURL: safeNext() }, invite ? { [INVITE_HEADER]: invite } : {});
        if (!created.ok) {
          setError(await messageOf(created));
          return;
        }
      }
      const response = await post(ENDPOINT["sign-in"], { email, password });
      if (response.status === 403) {
        const body = (await response
          .clone()
          .json()
          .catch(() => null)) as { code?: string } | null;
        if (body?.code === "EMAIL_NOT_VERIFIED") {
          setNotice(`We sent a link to ${email}. Open it to confirm the address; you are then signed in.`);
          return;
        }
      }
      if (!response.ok) {
        setError(
          mode === "sign-up" && response.status === 401
            ? "That address has an account already with another password: sign in, or reset the password."
            : await messageOf(response),
        );
        return;
      }
      window.location.assign(safeNext());
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={(e) => void onSubmit(e)} noValidate={false}>
      {mode === "sign-up" && (
        <label className={styles.field}>
          Name (optional)
          <input name="name" type="text" autoComplete="name" maxLength={100} />
        </label>
      )}
      <label className={styles.field}>
        Email
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label className={styles.field}>
        Password
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          minLength={mode === "sign-up" ? 10 : undefined}
          required
          aria-describedby={mode === "sign-up" ? "password-hint" : undefined}
        />
      </label>
      {mode === "sign-up" && (
        <p id="password-hint" className="muted">
          At least 10 characters. A few unrelated words make a good one.
        </p>
      )}
      {notice && (
        <p role="status" data-testid="auth-notice">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="error" data-testid="auth-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === "sign-up" ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}

/** "Sign in with <provider>": better-auth answers the provider's URL; an invitation rides along in a short-lived cookie. */
export function OidcButton({ name, invite = null }: { name: string; invite?: string | null }) {
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setError(null);
    if (invite) document.cookie = `${INVITE_COOKIE}=${encodeURIComponent(invite)}; path=/api/auth; max-age=900; samesite=lax`;
    try {
      const response = await post("/api/auth/sign-in/social", { provider: "oidc", callbackURL: safeNext(), errorCallbackURL: "/sign-in" });
      const body = (await response.json().catch(() => null)) as { url?: string } | null;
      if (!response.ok || !body?.url) {
        setError(await messageOf(response));
        return;
      }
      window.location.assign(body.url);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    }
  }
  return (
    <>
      <button type="button" onClick={() => void start()} data-testid="oidc-sign-in">
        Sign in with {name}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}
