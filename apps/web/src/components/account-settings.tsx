"use client";
/**
 * The signed-in person's account: sign out here or everywhere, and personal API tokens for
 * scripts (create with scopes, shown once; revoke). Tokens are minted only from a browser session
 * (account.tokens.* are session procedures), never with another token.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { TQueuedUpload } from "~/lib/client-db";
import { csrfHeaders } from "~/lib/csrf-client";
import { adoptUser, currentUser } from "~/lib/device-user";
import { pendingUploads } from "~/lib/upload-queue";
import { useTRPC } from "~/trpc/client";
import { PendingAtSignOut, type TSignOut } from "./pending-at-sign-out";

const SCOPES = [
  { id: "documents:read", label: "Read documents and results" },
  { id: "documents:write", label: "Upload, correct and delete documents" },
] as const;
type TScope = (typeof SCOPES)[number]["id"];

const day = (date: Date | null) => (date ? date.toLocaleDateString() : "never");

export function AccountSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const tokens = useQuery(trpc.account.tokens.list.queryOptions());
  const refreshTokens = () => queryClient.invalidateQueries({ queryKey: trpc.account.tokens.list.queryKey() });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState<{ uploads: TQueuedUpload[]; where: TSignOut["where"] } | null>(null);
  const create = useMutation(
    trpc.account.tokens.create.mutationOptions({
      onSuccess: ({ token, apiToken }) => {
        setCreated({ name: apiToken.name, token });
        setMessage("");
        void refreshTokens();
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  const revoke = useMutation(
    trpc.account.tokens.revoke.mutationOptions({
      onSuccess: () => {
        setMessage("The token was revoked: scripts using it are refused from now on.");
        void refreshTokens();
      },
      onError: (error) => setMessage(error.message),
    }),
  );
  const everywhere = useMutation(trpc.account.signOutEverywhere.mutationOptions());

  /**
   * Signs out, then removes from this browser what it kept for this person (device-user.ts). Files
   * not sent yet are kept for them unless they choose to discard them: they are asked first.
   */
  function signOut(request: TSignOut) {
    leave(request).catch((error: unknown) =>
      setMessage(
        navigator.onLine
          ? `Signing out failed (${error instanceof Error ? error.message : String(error)}). Try again.`
          : "Signing out needs the network, and you are offline. Try again when you are back online.",
      ),
    );
  }

  async function leave({ where, pending: choice }: TSignOut) {
    const me = await currentUser();
    if (!choice && me) {
      const waiting = await pendingUploads(me);
      if (waiting.length > 0) return setPending({ uploads: waiting, where });
    }
    setPending(null);
    if (where === "everywhere") {
      await everywhere.mutateAsync();
    } else {
      const response = await fetch("/api/auth/sign-out", {
        method: "POST",
        headers: { "content-type": "application/json", ...csrfHeaders() },
        body: "{}",
        credentials: "same-origin",
      });
      if (!response.ok) return setMessage(`Signing out failed (HTTP ${response.status}). Try again.`);
    }
    await adoptUser(null, { discardPending: choice === "discard" });
    window.location.assign("/sign-in");
  }

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scopes = SCOPES.map((s) => s.id).filter((id): id is TScope => form.get(id) === "on");
    create.mutate({ name: String(form.get("name") ?? ""), scopes });
  }

  const live = (tokens.data ?? []).filter((t) => !t.revokedAt);
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <p data-testid="signed-in-as">{me.data ? `Signed in as ${me.data.email}` : "Loading your account…"}</p>
      <p className="actions">
        <button type="button" onClick={() => signOut({ where: "here" })}>
          Sign out
        </button>{" "}
        <button type="button" className="secondary" disabled={everywhere.isPending} onClick={() => signOut({ where: "everywhere" })}>
          Sign out everywhere
        </button>
      </p>
      {pending && (
        <PendingAtSignOut
          uploads={pending.uploads}
          onChoose={(choice) => signOut({ where: pending.where, pending: choice })}
          onCancel={() => setPending(null)}
        />
      )}

      <h3>API tokens</h3>
      <p className="muted">
        For scripts: send one as <code>Authorization: Bearer …</code>. A token is shown once, when it is made.
      </p>
      {created && (
        <div className="notice" role="status" data-testid="new-token">
          <p>
            Token <strong>{created.name}</strong>, copy it now: it will not be shown again.
          </p>
          <code className="token">{created.token}</code>
        </div>
      )}
      <form onSubmit={onCreate} aria-label="New API token">
        <label>
          Name
          <input name="name" required maxLength={100} placeholder="e.g. nightly import script" />
        </label>
        <fieldset>
          <legend>Allowed to</legend>
          {SCOPES.map((scope) => (
            <label key={scope.id}>
              <input type="checkbox" name={scope.id} defaultChecked={scope.id === "documents:read"} /> {scope.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {tokens.error && <p className="error">{tokens.error.message}</p>}
      {live.length === 0 ? (
        <p className="muted">No API tokens.</p>
      ) : (
        <ul className="tokens" data-testid="token-list">
          {live.map((token) => (
            <li key={token.id} data-testid="token-row">
              <span>
                <strong>{token.name}</strong> <code>{token.prefix}…</code> {token.scopes.join(", ")}; made {day(token.createdAt)}, last used{" "}
                {day(token.lastUsedAt)}
              </span>{" "}
              <button type="button" className="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: token.id })}>
                Revoke <span className="visually-hidden">{token.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="small">
        {message}
      </p>
    </section>
  );
}
