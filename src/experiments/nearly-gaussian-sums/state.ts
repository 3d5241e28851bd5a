/**
 * The "Nearly-Gaussian sums" view's state and its round trip through the URL hash
 * (lab/url-fields.ts): `#view=sums&distribution=coin&width=64&samples=10000&seed=1`, every field
 * validated on its own, a bad value falling back to its default with a notice. The number of
 * terms n (`width`: the width of the layer whose preactivation the sum is) is view-only: one run
 * draws every sum S_1, S_2, S_4, ..., S_4096 from the same terms, and moving n re-draws it.
 *
 *   const { state, notices } = SUMS_URL.parse(location.hash, 'cpu');
 */
import { SUM_DISTRIBUTIONS, type SumDistribution } from '../../theory/iid-sums.ts';
import { NETWORK_LIMITS } from '../../lab/network-fields.ts';
import { boolean, integer, oneOf, viewUrl, type Field, type FieldTable } from '../../lab/url-fields.ts';

export const VIEW = 'sums';

export interface SumsState {
  distribution: SumDistribution;
  /** Terms n of the sum shown, a power of two. View-only. */
  width: number;
  /** Sums drawn for each n. */
  samples: number;
  seed: number;
  present: boolean;
}

export const SUMS_LIMITS = {
  /** The largest n: every sample draws this many terms (its prefixes give the smaller n). */
  maxWidth: 4096,
  minSamples: 1000,
  /** 10^5 sums of 4096 terms: 4 x 10^8 draws, the most a page's worker does in tens of seconds. */
  maxSamples: 100_000,
  maxSeed: NETWORK_LIMITS.maxSeed,
} as const;

/** n = 1, 2, 4, ..., 4096: what the slider and Play step through. */
export const SUM_WIDTHS: readonly number[] = Array.from(
  { length: Math.log2(SUMS_LIMITS.maxWidth) + 1 },
  (_, k) => 2 ** k,
);

export const SUMS_DEFAULTS: SumsState = {
  distribution: 'exponential',
  width: 16,
  samples: 10_000,
  seed: 1,
  present: false,
};

/** A power of two from 1 to `max` (an integer field that refuses the others). */
function powerOfTwo(max: number, label: string): Field<number> {
  const base = integer(1, max, { label, viewOnly: true });
  return {
    ...base,
    parse: (raw) => {
      const r = base.parse(raw);
      return 'value' in r && Number.isInteger(Math.log2(r.value))
        ? r
        : { error: `a power of two from 1 to ${max}` };
    },
  };
}

export const SUMS_FIELDS: FieldTable<SumsState> = {
  distribution: oneOf(SUM_DISTRIBUTIONS, { label: 'Terms' }),
  width: powerOfTwo(SUMS_LIMITS.maxWidth, 'Width'),
  samples: integer(SUMS_LIMITS.minSamples, SUMS_LIMITS.maxSamples, { label: 'Samples' }),
  seed: integer(0, SUMS_LIMITS.maxSeed, { label: 'Seed' }),
  present: boolean({ viewOnly: true }),
};

export const SUMS_URL = viewUrl(VIEW, SUMS_DEFAULTS, SUMS_FIELDS);
