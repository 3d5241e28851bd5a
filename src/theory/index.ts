/** Public API of the theory layer (pure float64 math, no DOM). */
export * from './activations.ts';
export * from './special.ts';
export * from './quadrature.ts';
export * from './moments.ts';
export * from './kernels.ts';
export * from './criticality.ts';
export * from './vertex.ts';
export * from './exact.ts';
export * from './ntk.ts';
export * from './log-norm.ts';
export * from './phase-diagram.ts';
export * from './report.ts';
export { illinois } from './roots.ts';
