/**
 * uniformThresholdWord(p): "uniform >= p" as "word >= w" on every word, the integer test the
 * GPU trainer's dropout makes in place of the CPU trainer's f64 comparison.
 */
import { describe, expect, it } from 'vitest';
import { fillUniforms, fillWords, uniformThresholdWord, wordToUniform } from '../../../src/random/normals.ts';
import { Purpose } from '../../../src/random/address.ts';

describe('uniformThresholdWord', () => {
  // Ordinary probabilities, ones that fall exactly on a word's uniform and one f64 step either side of it.
  const onWord = wordToUniform(1234567);
  const ps = [
    0.1,
    0.5,
    1 / 3,
    0.25,
    1e-12,
    0.999999,
    onWord,
    onWord * (1 + 2 ** -52),
    onWord * (1 - 2 ** -53),
  ];

  it('is the smallest word whose uniform reaches p', () => {
    for (const p of ps) {
      const w = uniformThresholdWord(p);
      expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32, `p = ${p}`).toBe(true);
      expect(wordToUniform(w) >= p, `p = ${p}: w reaches p`).toBe(true);
      if (w > 0) expect(wordToUniform(w - 1) < p, `p = ${p}: w - 1 does not`).toBe(true);
    }
    expect(uniformThresholdWord(onWord)).toBe(1234567);
    expect(uniformThresholdWord(onWord * (1 + 2 ** -52))).toBe(1234568);
  });

  it('ends: 0 keeps every word, above the largest uniform none is kept', () => {
    expect(uniformThresholdWord(0)).toBe(0);
    expect(uniformThresholdWord(wordToUniform(0))).toBe(0);
    expect(uniformThresholdWord(1)).toBe(2 ** 32);
  });

  it("agrees with fillUniforms' uniform >= p on the generator's words", () => {
    const count = 4000;
    const words = new Uint32Array(count);
    const us = new Float64Array(count);
    fillWords(3, 2, Purpose.Dropout, 1, 7, words, count);
    fillUniforms(3, 2, Purpose.Dropout, 1, 7, us, count);
    for (const p of [0.1, 0.5, 0.9]) {
      const w = uniformThresholdWord(p);
      let kept = 0;
      for (let i = 0; i < count; i++) {
        expect(words[i] >= w, `p = ${p}, word ${i}`).toBe(us[i] >= p);
        if (us[i] >= p) kept++;
      }
      // Not a vacuous check: both outcomes occur (binomial, 4000 draws: far from 0 and count).
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(count);
    }
  });
});
