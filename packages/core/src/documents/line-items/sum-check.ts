import type { TLineItem } from "../types/shared-fields";

/** Whether a document's items add up: to its subtotal, to its total, or to its total less tax (prices net of tax). */
export type TSumCheck = {
  /** The items' amounts added up (a decimal string); null when no item has an amount. */
  sum: string | null;
  /** What the sum equals, or null when it equals nothing printed. */
  matches: "subtotal" | "total" | "net" | null;
  /** The total minus the sum (a decimal string), when they differ and both are known. */
  difference: string | null;
};

const cents = (amount: string): number => Math.round(Number(amount) * 100);
const decimal = (c: number): string => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

/**
 * The check a person (or the structurer) relies on after items change: do the items' amounts add up
 * to what the document says it comes to? Computed in cents, so 0.1 + 0.2 is 0.30.
 */
export function sumCheck(
  items: readonly Pick<TLineItem, "amount">[],
  printed: { subtotal?: string | null; total?: string | null; tax?: string | null },
): TSumCheck {
  const amounts = items.flatMap((item) => (item.amount ? [cents(item.amount)] : []));
  if (amounts.length === 0) return { sum: null, matches: null, difference: null };
  const sum = amounts.reduce((a, b) => a + b, 0);
  const total = printed.total ? cents(printed.total) : null;
  const matches =
    printed.subtotal && cents(printed.subtotal) === sum
      ? "subtotal"
      : total === sum
        ? "total"
        : total !== null && printed.tax && total - cents(printed.tax) === sum
          ? "net"
          : null;
  return { sum: decimal(sum), matches, difference: matches === null && total !== null ? decimal(total - sum) : null };
}
