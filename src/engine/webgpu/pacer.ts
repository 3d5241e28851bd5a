/**
 * How much work goes into one submission. Short submissions matter because a run superseded by
 * a new setting cannot recall the submission it has queued: the new run's first histogram
 * waits for it.
 */

/** A submission's target time in ms: well under the 100 ms a frame budget allows (see above). */
export const DEFAULT_TARGET_MS = 25;

/**
 * Work per submission from measured rates. The first submission is a probe (`initialBudget`
 * work units); its rate sets the budget for the next at once, and from then on the budget
 * aims each submission at `targetMs`, growing at most 4x per step so one slow guess cannot
 * trip a watchdog. A submission much shorter than the target is dominated by fixed costs
 * (submit, wait, low occupancy): it only says the rate is at least that high, so it can raise
 * the rate estimate but not lower it.
 */
export class Pacer {
  /** Work units per ms (0 until the first measurement). */
  rate = 0;
  budget: number;
  /** Submissions measured so far. */
  samples = 0;

  constructor(
    readonly targetMs = DEFAULT_TARGET_MS,
    initialBudget = 1e5,
  ) {
    this.budget = initialBudget;
  }

  record(units: number, ms: number): void {
    if (units <= 0 || ms < 0) return;
    const r = units / Math.max(ms, 0.25);
    const underLoaded = ms < this.targetMs / 4;
    if (this.samples === 0) this.rate = r;
    else if (underLoaded) this.rate = Math.max(this.rate, r);
    else this.rate = 0.5 * this.rate + 0.5 * r;
    const aim = this.rate * this.targetMs;
    // The probe may jump straight to its estimate; later steps grow geometrically.
    this.budget = Math.max(1, this.samples === 0 ? aim : Math.min(this.budget * 4, aim));
    this.samples++;
  }
}
