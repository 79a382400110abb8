import type { TDb } from "./client";

export type TInvitationView = { id: string; email: string; createdAt: Date; expiresAt: Date; acceptedAt: Date | null };

const VIEW = { id: true, email: true, createdAt: true, expiresAt: true, acceptedAt: true } as const;

/** Records an invitation for `email` (lower-cased); the caller keeps the token and stores only its hash. */
export async function createInvitation(db: TDb, input: { email: string; tokenHash: string; invitedById: string; expiresAt: Date }): Promise<TInvitationView> {
  return db.invitation.create({ data: { ...input, email: input.email.trim().toLowerCase() }, select: VIEW });
}

/** The open invitation (not accepted, not expired) with this token hash, for this address; null otherwise. */
export async function findOpenInvitation(db: TDb, input: { tokenHash: string; email: string }): Promise<TInvitationView | null> {
  return db.invitation.findFirst({
    where: { tokenHash: input.tokenHash, email: input.email.trim().toLowerCase(), acceptedAt: null, expiresAt: { gt: new Date() } },
    select: VIEW,
  });
}

/** Marks the invitation used; false when it was used (or expired) in the meantime. */
export async function acceptInvitation(db: TDb, tokenHash: string): Promise<boolean> {
  const { count } = await db.invitation.updateMany({ where: { tokenHash, acceptedAt: null, expiresAt: { gt: new Date() } }, data: { acceptedAt: new Date() } });
  return count === 1;
}

/** Invitations an administrator made, newest first. */
export async function listInvitations(db: TDb, take = 100): Promise<TInvitationView[]> {
  return db.invitation.findMany({ orderBy: { createdAt: "desc" }, take, select: VIEW });
}
