import type { TBand } from "./bands";
import { freeGaps, interiorGaps, intersectGaps, type TGap } from "./gaps";
import { extent, type TLayoutBudget } from "./layout-item";

/**
 * A band or run with more gaps than this is a grid (a table, a row of figures), never columns of
 * text; beyond it no gaps are tracked, which keeps each step of the run constant-time.
 */
export const MAX_TRACKED_GAPS = 32;
/** A run's last band closer to the next band than this share of its gap to the run may move over (see groupBlocks). */
const RESEED_GAP_SHARE = 0.8;
/**
 * A gutter empty over this many ems of height (about five lines) is settled: a band that would
 * close it begins another layout (four columns followed by two) rather than re-reading the block
 * above as two. Wide word spaces of justified lines line up for a few lines at most. Measured in
 * height, not bands: columns with offset baselines chain into a few tall bands.
 */
const SETTLED_HEIGHT_EM = 6;

/** Consecutive bands read as one block, and the gutters (empty in all of them, text on both sides) they share. */
export type TBlock = { bands: TBand[]; gutters: TGap[] };

type TMember = { band: TBand; gaps: TGap[]; x0: number; x1: number };

class Run {
  readonly members: TMember[] = [];
  shared: TGap[] = [];
  x0 = Infinity;
  x1 = -Infinity;
  bottom = -Infinity;

  constructor(
    first: readonly TMember[],
    private readonly minGutter: number,
    private readonly em: number,
  ) {
    first.forEach((member, i) => this.add(member, this.asGutters(i === 0 ? member.gaps : intersectGaps(this.shared, member.gaps, minGutter), member)));
  }

  add(member: TMember, shared: TGap[]): void {
    this.members.push(member);
    this.shared = shared;
    this.x0 = Math.min(this.x0, member.x0);
    this.x1 = Math.max(this.x1, member.x1);
    this.bottom = Math.max(this.bottom, member.band.y1);
  }

  /**
   * A gap becomes a gutter only once it has text on both sides: space that stood empty beside a
   * column (a page's right half under a short column) turned interior by a wide row (a table
   * across the page) is a new gutter from that row on, not a settled one.
   */
  private asGutters(shared: TGap[], member: TMember): TGap[] {
    const x0 = Math.min(this.x0, member.x0);
    const x1 = Math.max(this.x1, member.x1);
    return shared.map((gap) => {
      const wasInterior = gap.x0 > this.x0 && gap.x1 < this.x1;
      const isInterior = gap.x0 > x0 && gap.x1 < x1;
      return isInterior && !wasInterior ? { ...gap, since: member.band.y0 } : gap;
    });
  }

  gutters(): TGap[] {
    return interiorGaps(this.shared, this.x0, this.x1);
  }

  /** Interior gaps that have been empty over at least SETTLED_HEIGHT_EM of the run. */
  private settled(gaps: readonly TGap[], x0: number, x1: number): number {
    return interiorGaps(gaps, x0, x1).filter((gap) => this.bottom - (gap.since ?? this.bottom) >= SETTLED_HEIGHT_EM * this.em).length;
  }

  /** The gaps this run would share with one more band, if it keeps at least one gutter and all settled ones. */
  tryJoin(member: TMember): TGap[] | null {
    const found = intersectGaps(this.shared, member.gaps, this.minGutter);
    if (found.length > MAX_TRACKED_GAPS) return null;
    const shared = this.asGutters(found, member);
    const x0 = Math.min(this.x0, member.x0);
    const x1 = Math.max(this.x1, member.x1);
    if (interiorGaps(shared, x0, x1).length === 0) return null;
    if (this.settled(shared, x0, x1) < this.settled(this.shared, this.x0, this.x1)) return null;
    return shared;
  }

  block(): TBlock {
    return { bands: this.members.map((m) => m.band), gutters: this.gutters() };
  }
}

/**
 * Runs of consecutive bands that share at least one gutter; a band that would leave the run with
 * none (or close a settled one) starts the next. The run's last band moves over to the next run
 * when it shares a gutter with it and sits clearly closer to it than to the run: it is the first
 * line of what follows, joined to the run above by chance gaps (a table's blanks lining up with
 * wide word spaces of a justified line).
 * One pass; each step intersects lists of at most MAX_TRACKED_GAPS gaps.
 */
export function groupBlocks(
  bands: readonly TBand[],
  span: { x0: number; x1: number },
  sizes: { em: number; minGutter: number },
  budget: TLayoutBudget,
): TBlock[] {
  const { em, minGutter } = sizes;
  const blocks: TBlock[] = [];
  let run: Run | undefined;
  for (const band of bands) {
    budget.work += band.items.length;
    const found = freeGaps(band.items, span.x0, span.x1, minGutter);
    const { x0, x1 } = extent(band.items);
    const member: TMember = { band, gaps: found.length > MAX_TRACKED_GAPS ? [] : found, x0, x1 };
    if (!run) {
      run = new Run([member], minGutter, em);
      continue;
    }
    // A lone line with no gap of its own (a title, a short heading) opens no block: joined to the
    // columns below it would take the gutters it crosses away from them.
    const lone = run.members.length === 1 && run.gutters().length === 0;
    const shared = lone ? null : run.tryJoin(member);
    if (shared) {
      run.add(member, shared);
      continue;
    }
    const last = run.members.at(-1);
    const before = run.members.at(-2);
    if (last && before && member.band.y0 - last.band.y1 < RESEED_GAP_SHARE * (last.band.y0 - before.band.y1)) {
      const pair = new Run([last, member], minGutter, em);
      if (pair.gutters().length > 0) {
        blocks.push(new Run(run.members.slice(0, -1), minGutter, em).block());
        run = pair;
        continue;
      }
    }
    blocks.push(run.block());
    run = new Run([member], minGutter, em);
  }
  if (run) blocks.push(run.block());
  return blocks;
}
