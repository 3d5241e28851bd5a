// The built-in training sets are the ones THEORY.md names, to the digit; a user's CSV is read or
// refused with the line at fault.
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  MAX_TRAINING_POINTS,
  dataset,
  parseDatasetCsv,
  parseTestPoints,
  testAngles,
} from '../../../src/engine/training/datasets.ts';

describe('built-in data sets', () => {
  it('circle6: phi_k = k pi/3 on the unit circle, y = cos 2 phi', () => {
    const d = dataset('circle6');
    expect(d.x).toHaveLength(6);
    d.x.forEach(([a, b], k) => {
      expect(a).toBeCloseTo(Math.cos((k * Math.PI) / 3), 14);
      expect(b).toBeCloseTo(Math.sin((k * Math.PI) / 3), 14);
      expect(d.y[k]).toBeCloseTo(Math.cos((2 * k * Math.PI) / 3), 14);
    });
    // Antipodal pairs: the symmetry that makes odd networks without bias singular here.
    for (let k = 0; k < 3; k++) {
      expect(d.x[k + 3][0]).toBeCloseTo(-d.x[k][0], 14);
      expect(d.y[k + 3]).toBeCloseTo(d.y[k], 14);
    }
  });
  it('circle:M:K: K points, y = cos M phi; sine6: x = +-1/6, +-1/2, +-5/6, y = sin pi x', () => {
    const c = dataset('circle:3:12');
    expect(c.x).toHaveLength(12);
    expect(c.y[1]).toBeCloseTo(Math.cos((3 * 2 * Math.PI) / 12), 14);
    const s = dataset('sine6');
    expect(s.x.map((v) => v[0])).toEqual([-5 / 6, -1 / 2, -1 / 6, 1 / 6, 1 / 2, 5 / 6]);
    expect(s.y[3]).toBeCloseTo(0.5, 14);
    expect(s.y[0]).toBeCloseTo(-0.5, 14);
  });
  it('names the choices for an unknown name and bounds K', () => {
    expect(() => dataset('moons')).toThrow(/unknown data set 'moons': use circle6, circle:M:K/);
    expect(() => dataset(`circle:1:${MAX_TRAINING_POINTS + 1}`)).toThrow(DatasetError);
    expect(() => dataset('circle:1:0')).toThrow(/K, the number of points/);
  });
});

describe('a CSV of training points', () => {
  it('reads x1..xd, y with a header, comments and blank lines', () => {
    const d = parseDatasetCsv('x1,x2,y\n# a comment\n0.1,0.2,1\n\n-1, 2 ,-0.5\n', 'mine.csv');
    expect(d.x).toEqual([
      [0.1, 0.2],
      [-1, 2],
    ]);
    expect(d.y).toEqual([1, -0.5]);
  });
  it('names the line of a ragged row, a NaN or an empty file, and refuses too many points', () => {
    expect(() => parseDatasetCsv('1,2,3\n1,2\n', 'f.csv')).toThrow(
      'f.csv, line 2: 2 columns where the first point has 3',
    );
    expect(() => parseDatasetCsv('1,2\nNaN,1\n', 'f.csv')).toThrow("f.csv, line 2: 'NaN' is not a number");
    expect(() => parseDatasetCsv('1,2\n3,abc\n', 'f.csv')).toThrow("line 2: 'abc' is not a number");
    expect(() => parseDatasetCsv('1,Infinity\n', 'f.csv')).toThrow('values must be finite');
    expect(() => parseDatasetCsv('x,y\n', 'f.csv')).toThrow('f.csv: no data rows');
    expect(() => parseDatasetCsv('5\n', 'f.csv')).toThrow('at least one input column');
    const many = Array.from({ length: MAX_TRAINING_POINTS + 1 }, (_, i) => `${i},1`).join('\n');
    expect(() => parseDatasetCsv(many, 'big.csv')).toThrow(
      `more than ${MAX_TRAINING_POINTS} training points`,
    );
  });
});

describe('test inputs', () => {
  it("points need the data set's dimension; angles need a circle", () => {
    const c = dataset('circle6');
    expect(parseTestPoints('1,0; 0.5,0.5', c)).toEqual([
      [1, 0],
      [0.5, 0.5],
    ]);
    expect(() => parseTestPoints('1,0,2', c)).toThrow("test point 1 '1,0,2': needs 2 finite numbers");
    const [a] = testAngles(c, String(Math.PI / 2));
    expect(a[0]).toBeCloseTo(0, 14);
    expect(a[1]).toBeCloseTo(1, 14);
    expect(() => testAngles(dataset('sine6'), '0')).toThrow('needs a circle data set');
    expect(() => testAngles(c, 'x')).toThrow("test angle 'x' is not a number");
  });
});
