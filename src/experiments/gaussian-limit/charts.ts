/**
 * Chart.js configurations and CSV text for the three charts, built from a model snapshot.
 * Colours: Okabe-Ito (histogram grey-blue fill, Gaussian black, Gram-Charlier vermillion,
 * mixture bluish green; measured points blue, leading line vermillion, exact line black).
 */
import type { ScatterConfig } from '../../ui/chart-card.ts';
import { OKABE_ITO as C } from '../../ui/theme.ts';
import { linearTick, logTick } from '../../ui/chart-ticks.ts';
import { axesOptions, csvOf, lineDataset } from '../../ui/chart-axes.ts';
import type { Snapshot, Sweep } from './model.ts';

const xy = (x: number[], y: number[]) => x.map((v, i) => ({ x: v, y: y[i] }));

export { linearTick } from '../../ui/chart-ticks.ts';

/** Density histogram (as steps) with the three overlays. */
export function histogramConfig(s: Snapshot, big = false): ScatterConfig {
  const steps = s.edges.map((e, i) => ({ x: e, y: s.density[Math.min(i, s.density.length - 1)] }));
  const datasets: ScatterConfig['data']['datasets'] = [
    {
      label: `ensemble, ${s.readout.networks} networks`,
      data: steps,
      showLine: true,
      stepped: 'before',
      borderColor: '#5a6b7d',
      backgroundColor: 'rgba(86, 180, 233, 0.35)',
      fill: 'origin',
      pointRadius: 0,
      pointStyle: 'rect',
      borderWidth: 1.5,
    },
  ];
  if (s.gaussian.x.length > 0) {
    datasets.push(lineDataset('infinite width N(0, K_L)', xy(s.gaussian.x, s.gaussian.y), C.black, 2.5));
  }
  if (s.gramCharlier.x.length > 0) {
    datasets.push(
      lineDataset(
        'first 1/n correction (Gram-Charlier)',
        xy(s.gramCharlier.x, s.gramCharlier.y),
        C.vermillion,
        2.5,
        [8, 5],
      ),
    );
  }
  if (s.readout.networks > 0 && s.mixture.x.length > 0) {
    datasets.push(
      lineDataset('mixture over measured G (exact)', xy(s.mixture.x, s.mixture.y), C.bluishGreen, 3, [2, 3]),
    );
  }
  const options = axesOptions('network output z_L', 'density', big);
  const lo = s.edges[0];
  const hi = s.edges[s.edges.length - 1];
  Object.assign(options.scales!.x!, { min: lo, max: hi });
  Object.assign(options.scales!.y!, { min: 0 });
  for (const axis of [options.scales!.x!, options.scales!.y!])
    Object.assign(axis.ticks!, { callback: linearTick });
  return { type: 'scatter', data: { datasets }, options };
}

/** Kurtosis against width or depth, log-log, points with SE bars (non-positive ones are not drawable). */
export function sweepConfig(sw: Sweep, big = false): ScatterConfig {
  const pts = sw.points.filter((p) => p.kurtosis > 0 && Number.isFinite(p.kurtosis));
  const datasets: ScatterConfig['data']['datasets'] = [
    {
      label: 'measured (± 1 SE)',
      data: pts.map((p) => ({ x: p.x, y: p.kurtosis })),
      errorBars: pts.map((p) => p.kurtosisSE),
      borderColor: C.blue,
      backgroundColor: C.blue,
      pointRadius: 5,
      pointStyle: 'circle',
    } as ScatterConfig['data']['datasets'][number],
    lineDataset('leading order 3V/(nK²)', xy(sw.leading.x, sw.leading.y), C.vermillion, 2.5),
  ];
  if (sw.exact.x.length > 0) {
    datasets.push(lineDataset('exact', xy(sw.exact.x, sw.exact.y), C.black, 2, [6, 4]));
  }
  const options = axesOptions(sw.along === 'width' ? 'width n' : 'depth L', 'excess kurtosis of z_L', big, {
    x: logTick,
    y: logTick,
  });
  const xs = [...sw.leading.x, ...sw.points.map((p) => p.x)];
  if (xs.length > 0)
    Object.assign(options.scales!.x!, { min: Math.min(...xs) / 1.15, max: Math.max(...xs) * 1.15 });
  return { type: 'scatter', data: { datasets }, options };
}

export function histogramCsv(s: Snapshot): string {
  const rows: (number | string)[][] = [];
  for (let i = 0; i < s.density.length; i++)
    rows.push(['histogram', s.edges[i], s.edges[i + 1], s.density[i]]);
  const curve = (name: string, x: number[], y: number[]) =>
    x.forEach((v, i) => rows.push([name, v, v, y[i]]));
  curve('gaussian', s.gaussian.x, s.gaussian.y);
  curve('gram-charlier', s.gramCharlier.x, s.gramCharlier.y);
  curve('mixture', s.mixture.x, s.mixture.y);
  return csvOf(['series', 'x_lo', 'x_hi', 'density'], rows);
}

export function sweepCsv(sw: Sweep): string {
  const rows: (number | string)[][] = sw.points.map((p) => [
    'measured',
    p.x,
    p.kurtosis,
    p.kurtosisSE,
    p.networks,
  ]);
  sw.leading.x.forEach((x, i) => rows.push(['leading', x, sw.leading.y[i], '', '']));
  sw.exact.x.forEach((x, i) => rows.push(['exact', x, sw.exact.y[i], '', '']));
  return csvOf(['series', sw.along, 'excess_kurtosis', 'se', 'networks'], rows);
}
