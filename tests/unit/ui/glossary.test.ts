// The glossary's entries and which one an engine's description points to.
import { describe, expect, it } from 'vitest';
import { GLOSSARY, GLOSSARY_KEYS, engineTermOf } from '../../../src/ui/glossary-terms.ts';

describe('glossary', () => {
  it('defines each of the symbols the lab shows', () => {
    const terms = GLOSSARY_KEYS.map((k) => GLOSSARY[k].term);
    for (const t of [
      'K_L',
      'G',
      'V_L',
      'χ∥',
      'χ⊥',
      'Gram-Charlier',
      'scale-invariant shortcut',
      'exact engine',
    ])
      expect(terms).toContain(t);
    for (const k of GLOSSARY_KEYS) {
      expect(GLOSSARY[k].name.length, k).toBeGreaterThan(3);
      // A definition is a sentence or two: long enough to say something, short enough for a tooltip.
      expect(GLOSSARY[k].definition.length, k).toBeGreaterThan(60);
      expect(GLOSSARY[k].definition.length, k).toBeLessThan(420);
    }
  });
  it("points an engine's description to its method", () => {
    expect(
      engineTermOf('exact (scale-invariant shortcut: binomial and chi-square draws, O(L) per network), cpu'),
    ).toBe('shortcut');
    expect(engineTermOf('exact (Gaussian conditioning), cpu')).toBe('exactEngine');
    expect(engineTermOf('explicit (Philox weights), webgpu')).toBe('explicitEngine');
  });
});
