/**
 * What an exported chart carries besides its pixels and numbers, so that a figure pasted into a
 * paper or a CSV opened a month later still says what it shows: a size fixed by the export,
 * not by the screen it was made on; file names that name the key parameters; CSV comment lines
 * with the title, the parameters and the link that reproduces the run.
 *
 *   exportSize(640, 400)                         // { width: 800, height: 500, scale: 2 }: 1600 x 1000 px
 *   exportFileName('histogram', { n: 64, L: 5 }) // 'histogram_n64_L5'
 *   csvWithComments(csv, ['Output distribution', 'ReLU, n = 64'])
 *
 * Views assemble their charts' parameters from parts:
 *
 *   exportParams(networkPart(s), ensemblePart(3000, s.networks), runPart(s))
 *   // line 'ReLU, n = 64, L = 5, C_W = 2, C_b = 0, M = 3000 of 10000 networks, seed 1, exact engine'
 *   // name { relu: '', n: 64, L: 5, cw: 2, M: 3000, seed: 1 }
 */
import { makeActivation, type ActivationName } from '../theory/activations.ts';
import { formatNumber } from './theory-summary.ts';

/** Exported PNGs are at least this many pixels wide, whatever the screen. */
export const PNG_MIN_WIDTH_PX = 1600;
/** Device-pixel ratio of an export: text and lines stay sharp when a slide scales the image up. */
export const PNG_SCALE = 2;

/** Parameters of one exported chart: the line under its title, and the key ones for its file name. */
export interface ExportParams {
  /** E.g. 'ReLU, n = 64, L = 5, C_W = 2, C_b = 0, M = 10000 networks, seed 1, exact engine'. */
  line: string;
  /** Key parameters in file-name order, e.g. { relu: '', n: 64, L: 5, M: 10000, seed: 1 }. */
  name: Record<string, string | number>;
}

/**
 * CSS size and scale to draw an export at: the on-screen chart's aspect ratio, widened to at
 * least PNG_MIN_WIDTH_PX / PNG_SCALE CSS pixels, its height kept between 0.45 and 0.75 of its
 * width (a chart filling a wide projector screen would otherwise export as a thin strip).
 */
export function exportSize(
  cssWidth: number,
  cssHeight: number,
): { width: number; height: number; scale: number } {
  const minCss = PNG_MIN_WIDTH_PX / PNG_SCALE;
  const width = Math.max(minCss, Math.round(cssWidth > 0 ? cssWidth : minCss));
  const aspect = cssWidth > 0 && cssHeight > 0 ? cssHeight / cssWidth : 0.6;
  const height = Math.round(width * Math.min(0.75, Math.max(0.45, aspect)));
  return { width, height, scale: PNG_SCALE };
}

/** A parameter value as file-name text: '0.5' -> '0.5', 'Layer norm' -> 'layer-norm'; nothing a file system refuses. */
function slug(v: string | number): string {
  return String(v)
    .toLowerCase()
    .replace(/[^a-z0-9.+-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `base` followed by the key parameters: a key with an empty value is a word of its own
 * ('relu'), others are key and value ('n64', 'cw2'); e.g. 'output-distribution_relu_n64_L5'.
 */
export function exportFileName(base: string, name: Record<string, string | number>): string {
  const parts = Object.entries(name).map(([k, v]) =>
    v === '' ? slug(k) : `${k.replace(/[^A-Za-z0-9]/g, '')}${slug(v)}`,
  );
  return [slug(base), ...parts.filter((p) => p !== '')].join('_');
}

/** The CSV with `lines` prepended as '# ' comment lines (pandas: read_csv(f, comment='#'); R: comment.char = '#'). */
export function csvWithComments(csv: string, lines: string[]): string {
  const comments = lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`).join('\n');
  return lines.length ? `${comments}\n${csv}` : csv;
}

/** `text` in lines of at most `max` characters, broken after commas (a title line does not wrap by itself). */
export function wrapAtCommas(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=,) /)) {
    if (line && line.length + 1 + part.length > max) {
      lines.push(line);
      line = part;
    } else line = line ? `${line} ${part}` : part;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The ensemble size of a chart whose points are separate ensembles: 'M = 2000 networks per
 * point' when all agree, else the range ('M = 412–2000 networks per point').
 */
export function perPointNetworks(counts: readonly number[]): string {
  if (counts.length === 0) return 'no points yet';
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return lo === hi ? `M = ${hi} networks per point` : `M = ${lo}–${hi} networks per point`;
}

/** The fields of a lab state that describe the network (structurally: lab's NetworkFields has them). */
export interface NetworkPartFields {
  activation: ActivationName;
  width: number;
  depth: number;
  cw: number;
  cb: number;
}

/** Some words of the parameters line and the file-name keys that go with them. */
export interface ExportPart {
  line: string[];
  name: Record<string, string | number>;
}

/**
 * Activation, n, L, C_W, C_b; `varied` leaves out the coordinate a sweep runs over (its range is
 * the chart's axis). C_b is in the file name only when it is not 0.
 */
export function networkPart(s: NetworkPartFields, varied?: 'width' | 'depth'): ExportPart {
  const line = [makeActivation(s.activation).label];
  const name: Record<string, string | number> = { [s.activation]: '' };
  if (varied !== 'width') {
    line.push(`n = ${s.width}`);
    name.n = s.width;
  }
  if (varied !== 'depth') {
    line.push(`L = ${s.depth}`);
    name.L = s.depth;
  }
  line.push(`C_W = ${formatNumber(s.cw)}`, `C_b = ${formatNumber(s.cb)}`);
  name.cw = formatNumber(s.cw);
  if (s.cb !== 0) name.cb = formatNumber(s.cb);
  return { line, name };
}

/** The ensemble as a chart drew it: `done` of the `planned` networks (a run stopped or still going says so). */
export function ensemblePart(done: number, planned: number): ExportPart {
  const line = done >= planned ? `M = ${planned} networks` : `M = ${done} of ${planned} networks`;
  return { line: [line], name: { M: Math.min(done, planned) } };
}

/** Seed and engine. */
export function runPart(s: { seed: number; engine: string }, engine = `${s.engine} engine`): ExportPart {
  return { line: [`seed ${s.seed}`, engine], name: { seed: s.seed } };
}

/** The parts' words in order, one parameters line; their file-name keys merged. */
export function exportParams(...parts: ExportPart[]): ExportParams {
  return {
    line: parts.flatMap((p) => p.line).join(', '),
    name: Object.assign({}, ...parts.map((p) => p.name)) as Record<string, string | number>,
  };
}
