/** Statistics in float64, DOM-free: moments with SEs, Rao-Blackwellized mixture estimators,
 * fixed-edge histograms and Kolmogorov-Smirnov tests. */
export { Moments, summarize, shapeStandardErrors, type MomentSummary } from './moments.ts';
export { MixtureMoments, mixtureDensity, type MixtureSummary } from './mixture.ts';
export { Histogram, symmetricRange } from './histogram.ts';
export {
  kolmogorovCdf,
  kolmogorovSurvival,
  ksPValue,
  ksStatistic,
  ksOneSample,
  ksTwoSampleStatistic,
  ksTwoSample,
  type KsResult,
} from './ks.ts';
export {
  ValueProfile,
  degeneracyOf,
  isDegenerate,
  type Degeneracy,
  type ValueProfileSummary,
} from './degeneracy.ts';
export { ZeroMeanCumulants, cumulantsFromPowerSums, type CumulantEstimate } from './cumulants.ts';
