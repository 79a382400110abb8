import type { TDb } from "./client";

/** USD per UTC day: the whole fleet's, and each user's; unset: no limit. */
export type TSpendBudget = { fleetUsdPerDay?: number; userUsdPerDay?: number };

/** What a reservation found: room for it, or which budget it would pass. */
export type TReservation = "reserved" | "fleet" | "user";

const FLEET = "all";

/**
 * Reserves `usd` of today's (UTC) budgets for one escalation, for the fleet and for its owner, all
 * or nothing: a conditional upsert per scope in one transaction, so workers reserving at the same
 * time cannot pass a budget together. Spend is recorded even without budgets (the dashboard shows it).
 */
export async function reserveSpend(db: TDb, input: { ownerId: string; usd: number; budget: TSpendBudget }): Promise<TReservation> {
  const { ownerId, usd, budget } = input;
  if (budget.fleetUsdPerDay !== undefined && usd > budget.fleetUsdPerDay) return "fleet";
  if (budget.userUsdPerDay !== undefined && usd > budget.userUsdPerDay) return "user";
  return db
    .$transaction(async (tx) => {
      const add = async (scope: string, limit: number | undefined) => {
        const rows = await tx.$queryRaw<{ usd: unknown }[]>`
        INSERT INTO llm_spend_days (day, scope, usd) VALUES ((now() AT TIME ZONE 'UTC')::date, ${scope}, ${usd})
        ON CONFLICT (day, scope) DO UPDATE SET usd = llm_spend_days.usd + EXCLUDED.usd
        WHERE ${limit ?? null}::numeric IS NULL OR llm_spend_days.usd + EXCLUDED.usd <= ${limit ?? null}::numeric
        RETURNING usd`;
        return rows.length > 0;
      };
      if (!(await add(FLEET, budget.fleetUsdPerDay))) return "fleet";
      // The fleet's share is given back with the rest of the transaction.
      if (!(await add(ownerId, budget.userUsdPerDay))) throw new OverUserBudget();
      return "reserved";
    })
    .catch((error: unknown) => {
      if (error instanceof OverUserBudget) return "user" as const;
      throw error;
    });
}

class OverUserBudget extends Error {}

/**
 * Corrects today's spend by `usd` (what was billed minus what was reserved; minus the reservation
 * when nothing was billed). The two rows are locked fleet first, owner second, the order
 * `reserveSpend` takes them in: locked in the order the table happens to store them, a settle and a
 * reservation for the same owner could each wait on the other's row (PostgreSQL: deadlock detected).
 */
export async function settleSpend(db: TDb, input: { ownerId: string; usd: number }): Promise<void> {
  if (input.usd === 0) return;
  await db.$executeRaw`
    WITH locked AS (
      SELECT day, scope FROM llm_spend_days
      WHERE day = (now() AT TIME ZONE 'UTC')::date AND scope IN (${FLEET}, ${input.ownerId})
      ORDER BY scope <> ${FLEET}
      FOR UPDATE
    )
    UPDATE llm_spend_days AS spend SET usd = GREATEST(0, spend.usd + ${input.usd})
    FROM locked WHERE spend.day = locked.day AND spend.scope = locked.scope`;
}

/** Today's (UTC) spend of the whole fleet, in USD. */
export async function fleetSpendToday(db: TDb): Promise<number> {
  const rows = await db.$queryRaw<{ usd: unknown }[]>`
    SELECT usd FROM llm_spend_days WHERE day = (now() AT TIME ZONE 'UTC')::date AND scope = ${FLEET}`;
  return Number(rows[0]?.usd ?? 0);
}
