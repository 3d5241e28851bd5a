/**
 * The lab's words, defined once: the hover/focus definitions of <widelab-term> and the
 * glossary list read from here. Plain text (the formulas in the lab's ASCII-with-Unicode
 * notation); DOM-free. Each definition says what the thing is and where the lab shows it.
 */
export interface GlossaryEntry {
  /** What the lab writes, e.g. 'K_L' (rendered with a subscript by the components). */
  term: string;
  /** Its name in words. */
  name: string;
  definition: string;
}

export const GLOSSARY = {
  K: {
    term: 'K_L',
    name: 'kernel (infinite-width variance)',
    definition:
      'The variance of a layer-l preactivation at infinite width, from the recursion K_1 = C_b + C_W q_0, K_{l+1} = C_b + C_W ⟨σ²⟩_{K_l}. At infinite width the output is exactly Gaussian N(0, K_L).',
  },
  G: {
    term: 'G',
    name: "one network's metric",
    definition:
      "A network's own kernel, G = C_b + (C_W/n) Σ_j σ(z_j)² over the units of its last hidden layer. Given G, that network's output is exactly Gaussian N(0, G); at finite width G differs from network to network, and its spread is the output's non-Gaussianity (excess kurtosis 3 Var G / (E G)²).",
  },
  V: {
    term: 'V_L',
    name: 'four-point vertex',
    definition:
      'The leading finite-width correction: the connected four-point function of the output, of order 1/n. The excess kurtosis of the output is 3 V_L / (n K_L²); V follows its own recursion through depth and grows about linearly with it at criticality.',
  },
  kurtosis: {
    term: 'excess kurtosis',
    name: 'excess kurtosis κ₄',
    definition:
      'E z⁴ / (E z²)² − 3: zero for a Gaussian, positive for heavier tails. For a wide network it is of order L/n (depth over width), which is why deep narrow networks are the least Gaussian.',
  },
  chiPar: {
    term: 'χ∥',
    name: 'parallel susceptibility chi_par',
    definition:
      'χ∥ = C_W d⟨σ²⟩_K/dK: how much a small change of the kernel K (an input’s norm) grows (χ∥ > 1) or shrinks (χ∥ < 1) per layer. Criticality asks χ∥ = 1 at the fixed point, so that depth neither explodes nor kills the signal.',
  },
  chiPerp: {
    term: 'χ⊥',
    name: 'perpendicular susceptibility chi_perp',
    definition:
      'χ⊥ = C_W ⟨σ′²⟩_K: how much a small difference between two inputs grows per layer. χ⊥ < 1 is the ordered phase (inputs become alike, correlation → 1), χ⊥ > 1 the chaotic one (they decorrelate towards a fixed point c* < 1).',
  },
  critical: {
    term: 'criticality',
    name: 'critical initialization',
    definition:
      'The (C_b, C_W) where χ∥ = χ⊥ = 1 at the kernel’s fixed point: signals neither explode nor vanish with depth. ReLU: C_b = 0, C_W = 2 (2(1 − p) with dropout p); tanh: C_b = 0, C_W = 1; sigmoid has no critical point.',
  },
  gramCharlier: {
    term: 'Gram-Charlier',
    name: 'Gram-Charlier (Edgeworth) correction',
    definition:
      'The first correction to the Gaussian density from the excess kurtosis κ₄: p(z) ≈ N(z; 0, K)[1 + (κ₄/24) He₄(z/√K)], He₄(u) = u⁴ − 6u² + 3. Accurate while κ₄ is small; for κ₄ of order 1 and more it can go negative and means little, and the lab hides it.',
  },
  mixture: {
    term: 'exact mixture',
    name: 'exact conditional mixture',
    definition:
      'The mean over the ensemble of each network’s exact Gaussian N(z; 0, G): the output density without histogram noise, from the same networks.',
  },
  exactEngine: {
    term: 'exact engine',
    name: 'exact engine (Gaussian conditioning)',
    definition:
      'Samples networks exactly in distribution without storing any weight matrix: given one layer, the next layer’s preactivations are exactly Gaussian with covariance G, so each layer costs n draws instead of an n × n matmul. The explicit engine draws every weight and checks it.',
  },
  explicitEngine: {
    term: 'explicit engine',
    name: 'explicit engine (real weights)',
    definition:
      'Draws every weight of every network from a counter-based generator (Philox, addressed by seed, network, layer, row and column) and multiplies real matrices, as a framework would: the check that the exact engine samples the same networks’ distribution. Its cost grows as n² per layer.',
  },
  shortcut: {
    term: 'scale-invariant shortcut',
    name: 'scale-invariant shortcut',
    definition:
      'For ReLU and linear networks with one input, G is multiplied per layer by an independent factor (C_W/n) χ²_B with B ~ Binomial(n, 1/2) (ReLU): a network costs O(L) draws whatever its width, so even n = 16384 is instant.',
  },
  depthToWidth: {
    term: 'L/n',
    name: 'depth-to-width ratio',
    definition:
      'The expansion parameter of the finite-width corrections: the leading 1/n theory is accurate while L/n is small and fails where it approaches 1.',
  },
} as const satisfies Record<string, GlossaryEntry>;

export type GlossaryKey = keyof typeof GLOSSARY;

export const GLOSSARY_KEYS = Object.keys(GLOSSARY) as GlossaryKey[];

/** The glossary entry of an engine, from its description ('exact (scale-invariant shortcut: …), cpu'). */
export function engineTermOf(description: string): GlossaryKey {
  if (description.includes('shortcut')) return 'shortcut';
  return description.startsWith('explicit') ? 'explicitEngine' : 'exactEngine';
}
