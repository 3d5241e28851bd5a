/**
 * `<training-lab>`: the "Training" experiment. An ensemble of networks trained by gradient
 * descent on a small data set, drawn function by function over a grid of test inputs, against
 * the infinite-width prediction's mean and 2-sd band at the same step (THEORY.md 6a); the output
 * distribution at a test point at initialization and at the step; the losses; the eigenmodes of
 * Theta_XX decaying each at its own rate. The step shown and the test point are view-only: the
 * worker computes the whole run once and a slider move re-draws it. State lives in the URL hash
 * (`#view=training&...`, state.ts); runs go to the view's worker (worker.ts).
 *
 * Property in: `presenting`. Event out: `presenting-change`. Test probe:
 * window.__widelabViews.training.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Backend } from '../../engine/types.ts';
import { makeActivation } from '../../theory/activations.ts';
import { networkControls, tableNumberField } from '../../lab/templates/network-controls.ts';
import { ViewLifecycle } from '../../lab/controllers/view-lifecycle.ts';
import { probeView } from '../../lab/test-probe.ts';
import { rangeField, selectField, viewStyles } from '../../ui/form-fields.ts';
import { themeStyles } from '../../ui/theme.ts';
import { formatNumber } from '../../ui/theory-summary.ts';
import { chartCard } from '../../ui/chart-card.ts';
import '../../ui/view-frame.ts';
import type { ExportParams } from '../../ui/export-meta.ts';
import {
  distributionConfig,
  distributionCsv,
  functionsConfig,
  functionsCsv,
  lossConfig,
  lossCsv,
  modesConfig,
  modesCsv,
  sweepConfig,
  sweepCsv,
} from './charts.ts';
import { lecturePreset, type TrainingSnapshot } from './model.ts';
import { SWEEP_NETWORKS, sweepWidths, type SweepPart } from './sweep.ts';
import { divergedBy, outputDistribution, stepIndex } from './readout.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { estimateRunSeconds, estimateStateSeconds, nextCalibration, type TrainingMachine } from './sizing.ts';
import {
  GRID_POINTS,
  TRAINING_ACTIVATIONS,
  L2_STEPS,
  TRAINING_FIELDS,
  TRAINING_LIMITS,
  TRAINING_URL,
  VIEW,
  parseTraining,
  type TrainingState,
} from './state.ts';

const TRAINED_OPTIONS = [
  { value: 'all' as const, label: 'all layers (NTK)' },
  { value: 'readout' as const, label: 'readout only (GP)' },
];
const DATASET_OPTIONS = [
  { value: 'sine6' as const, label: 'sine6: sin πx' },
  { value: 'circle6' as const, label: 'circle6: cos 2φ' },
];

/** The slider position of a value: its nearest stop. */
const nearestStop = (stops: readonly number[], v: number): number =>
  stops.reduce((best, x, i) => (Math.abs(x - v) < Math.abs(stops[best] - v) ? i : best), 0);

/** Where this browser keeps its machine's calibration (sizing.ts), per backend and adapter kind. */
const calibrationKey = (m: TrainingMachine) =>
  `widelab.training.calibration.${m.backend}${m.software ? '.software' : ''}`;

function storedCalibration(key: string): number | undefined {
  try {
    const v = Number(globalThis.localStorage?.getItem(key));
    return v > 0 && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined; // storage blocked (a private window, a sandboxed frame): the rates as they are
  }
}

function storeCalibration(key: string, value: number): void {
  try {
    globalThis.localStorage?.setItem(key, String(value));
  } catch {
    // storage blocked: the next visit starts from the rates again
  }
}

const variantName = (readout: boolean) => (readout ? 'readout only' : 'all layers');

function exportParams(s: TrainingState, snap: TrainingSnapshot, k: number): ExportParams {
  const act = makeActivation(s.activation).label;
  return {
    line: `${act}, n = ${s.width}, L = ${s.depth}, C_W = ${formatNumber(s.cw)}, C_b = ${formatNumber(s.cb)}${s.layerNorm ? ', LayerNorm' : ''}, ${s.dataset}, ${variantName(s.trained === 'readout')}, η = ${formatNumber(snap.eta)}, step ${k} of ${s.steps}, ${snap.networks} networks, seed ${s.seed}`,
    name: {
      [s.activation]: '',
      n: s.width,
      L: s.depth,
      ...(s.layerNorm ? { ln: '' } : {}),
      [s.dataset]: '',
      k,
    },
  };
}

@customElement('training-lab')
export class TrainingLab extends LitElement {
  @property({ type: Boolean, reflect: true }) presenting = false;

  @state() private snapshot: TrainingSnapshot | null = null;
  @state() private sweep: SweepPart | null = null;
  /** The run being timed against its estimate (the page's first WebGPU run, which compiles the pipelines, is not). */
  private timed: { id: number; at: number; estimated: number } | null = null;
  private gpuRuns = 0;

  /** This machine as the cost model sees it: the backend, a software adapter, the calibration stored here. */
  private machine(backend: Backend = this.lab.compute.backend): TrainingMachine {
    const status = this.lab.compute.status;
    const m: TrainingMachine = {
      backend,
      software: backend === 'webgpu' && status?.backend === 'webgpu' && status.fallback,
    };
    return { ...m, calibration: storedCalibration(calibrationKey(m)) };
  }

  private readonly lab: ViewLifecycle<TrainingState, ToWorker, FromWorker> = new ViewLifecycle<
    TrainingState,
    ToWorker,
    FromWorker
  >(this, {
    ...TRAINING_URL,
    parse: (hash, backend) => parseTraining(hash, this.machine(backend)),
    job: (state) => ({ type: 'training', state }),
    started: (id, state) => {
      const machine = this.machine();
      const first = machine.backend === 'webgpu' && this.gpuRuns++ === 0;
      this.timed = first
        ? null
        : {
            id,
            at: performance.now(),
            estimated: estimateRunSeconds(state, state.width, state.networks, machine),
          };
    },
    longRun: {
      estimate: (state, backend): number => estimateStateSeconds(state, this.machine(backend)),
      minNetworks: TRAINING_LIMITS.minNetworks,
    },
    worker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
    onMessage: (m) => {
      if (m.type === 'training') {
        this.snapshot = m.snapshot;
        if (this.timed?.id === m.id && m.snapshot.networks === m.snapshot.totalNetworks) this.calibrate();
        if (m.snapshot.networks === 0) this.sweep = null;
        probeView(VIEW, { data: m.snapshot });
      } else if (m.type === 'sweep') {
        this.sweep = m.part;
      }
    },
    demo: {
      play: {
        field: 'step',
        name: 'Step',
        values: (st) =>
          this.snapshot && this.snapshot.steps.at(-1) === st.steps ? this.snapshot.steps : [0, st.steps],
        dwellMs: 250,
        viewOnly: true,
      },
      newSeed: (st) => ({ ...st, seed: (st.seed + 1) % (TRAINING_LIMITS.maxSeed + 1) }),
    },
  });

  static override styles = [
    themeStyles,
    viewStyles,
    css`
      .presets {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      label.check {
        flex-direction: row;
        gap: 0.5rem;
        align-items: center;
      }
      label.check input {
        width: 1.2em;
        height: 1.2em;
      }
    `,
  ];

  /** A run finished as timed: move this machine's calibration towards what it measured. */
  private calibrate(): void {
    const t = this.timed;
    this.timed = null;
    if (!t) return;
    const m = this.machine();
    storeCalibration(
      calibrationKey(m),
      nextCalibration(m.calibration ?? 1, (performance.now() - t.at) / 1000, t.estimated),
    );
  }

  private get st(): TrainingState | null {
    return this.lab.url.state;
  }

  private set(patch: Partial<TrainingState>): void {
    this.lab.url.set(patch);
  }

  private renderControls(s: TrainingState, snap: TrainingSnapshot | null) {
    const typed = this.lab.url.typed;
    const x = snap?.axis.coordinate[s.point];
    const logged = snap?.steps ?? [0, s.steps];
    const k = snap ? snap.steps[stepIndex(snap, s.step)] : s.step;
    return html`<form @submit=${(e: Event) => e.preventDefault()}>
      ${rangeField('Step', 'k', String(k), 0, logged.length - 1, snap ? stepIndex(snap, s.step) : 0, (i) =>
        this.set({ step: logged[i] ?? s.steps }),
      )}
      ${rangeField(
        'Test point',
        snap?.axis.kind === 'angle' ? 'φ' : 'x',
        x === undefined ? String(s.point) : formatNumber(x),
        0,
        GRID_POINTS - 1,
        s.point,
        (point) => this.set({ point }),
      )}
      ${networkControls(s, (p) => this.set({ ...p, lr: 0 }), TRAINING_LIMITS, {
        cbStep: 0.05,
        typed,
        activations: TRAINING_ACTIVATIONS,
      })}
      ${selectField('Data set', DATASET_OPTIONS, s.dataset, (dataset) => this.set({ dataset }))}
      ${selectField('Trained layers', TRAINED_OPTIONS, s.trained, (trained) => this.set({ trained }))}
      <label class="check"
        ><input type="checkbox" .checked=${s.compare} @change=${(e: Event) => this.set({ compare: (e.target as HTMLInputElement).checked })} />
        <span>Compare with ${variantName(s.trained !== 'readout')}</span></label
      >
      <label class="check"
        ><input type="checkbox" .checked=${s.layerNorm} @change=${(e: Event) => this.set({ layerNorm: (e.target as HTMLInputElement).checked })} />
        <span>LayerNorm</span></label
      >
      <label class="check"
        ><input type="checkbox" .checked=${s.sweep} @change=${(e: Event) => this.set({ sweep: (e.target as HTMLInputElement).checked })} />
        <span>Width sweep ${sweepWidths(s)[0]} → ${sweepWidths(s).at(-1)}</span></label
      >
      <div class="presets" role="group" aria-label="Initialization versus optimization">
        <span class="small">ReLU, L = 20, one η:</span>
        ${([1, 2, 3] as const).map(
          (c) =>
            html`<button
              type="button"
              aria-label=${`C_W = ${c}`}
              title=${`C_W = ${c}, C_b = 0, depth 20, one fixed learning rate`} @click=${() => this.set(lecturePreset(c, s))}>
              C<sub>W</sub> = ${c}
            </button>`,
        )}
        <button
          type="button"
          aria-label="C_W = 3 with LayerNorm"
          title="C_W = 3, C_b = 0, depth 20, the same learning rate, LayerNorm before each nonlinearity"
          @click=${() => this.set(lecturePreset(3, s, true))}>
          C<sub>W</sub> = 3 + LN
        </button>
      </div>
      ${tableNumberField(TRAINING_FIELDS.steps, 'Steps', 'Steps', s.steps, 50, (steps) => this.set({ steps, step: steps }), typed)}
      ${
        s.lr > 0
          ? tableNumberField(
              TRAINING_FIELDS.lr,
              'Learning rate η',
              html`Learning rate η (fixed)`,
              s.lr,
              0.01,
              (lr) => this.set({ lr }),
              typed,
            )
          : tableNumberField(
              TRAINING_FIELDS.lrFraction,
              'Learning rate (fraction of η_max)',
              html`η / η<sub>max</sub>`,
              s.lrFraction,
              0.05,
              (lrFraction) => this.set({ lrFraction }),
              typed,
            )
      }
      ${rangeField(
        'L2 towards init',
        'μ',
        formatNumber(s.l2),
        0,
        L2_STEPS.length - 1,
        nearestStop(L2_STEPS, s.l2),
        (i) => this.set({ l2: L2_STEPS[i] }),
      )}
      ${tableNumberField(TRAINING_FIELDS.networks, 'Networks', 'Networks M', s.networks, 16, (networks) => this.set({ networks }), typed)}
      ${tableNumberField(TRAINING_FIELDS.seed, 'Seed', 'Seed', s.seed, 1, (seed) => this.set({ seed }), typed)}
    </form>`;
  }

  override render() {
    const s = this.st;
    const snap = this.snapshot;
    const si = snap && s ? stepIndex(snap, s.step) : 0;
    return html`
      <widelab-view-frame ?presenting=${this.presenting}>
        <div slot="controls">
          ${this.lab.renderDemo()}
          ${this.lab.renderStatus(snap?.progress ?? 0, undefined, s ? { done: snap?.networks ?? 0, total: s.networks } : undefined)}
          ${s ? this.renderControls(s, snap) : nothing}
          ${
            this.lab.compute.backend === 'cpu'
              ? html`<p class="small" data-testid="cpu-note">
                  Training on the CPU: a smaller ensemble than on a GPU (the defaults are sized for it, by the estimated cost of a run here).
                </p>`
              : nothing
          }
        </div>
        <div slot="notices">${this.lab.renderNotices()}</div>
        ${
          snap && s
            ? chartCard(
                this.presenting,
                {
                  heading: 'Functions being learned',
                  file: 'training-functions',
                  params: exportParams(s, snap, snap.steps[si]),
                  config: functionsConfig(
                    snap,
                    {
                      s: si,
                      point: s.point,
                      compare: s.compare,
                      trainedLabel: variantName(s.trained === 'readout'),
                      otherLabel: variantName(s.trained !== 'readout'),
                    },
                    this.presenting,
                  ),
                  csv: () => functionsCsv(snap, si),
                  main: true,
                },
                nothing,
              )
            : this.lab.renderPlaceholder()
        }
        ${snap && s ? html`<div slot="readout">${this.renderReadout(snap, s, si)}</div>` : nothing}
        ${snap && s ? this.renderResults(snap, s, si) : nothing}
      </widelab-view-frame>
    `;
  }

  private renderReadout(snap: TrainingSnapshot, s: TrainingState, si: number) {
    const k = snap.steps[si];
    const gone = divergedBy(snap, si);
    const first = Math.min(...Array.from(snap.divergedAt).filter((d) => d >= 0));
    return html`<p class="readout" role="status" aria-live="polite" data-testid="training-readout">
      Step ${k} of ${s.steps} (τ = η k = ${formatNumber(snap.tau[si])}, η = ${formatNumber(snap.eta)}, η<sub>max</sub> =
      ${formatNumber(snap.etaMax)}); ${snap.networks} of ${snap.totalNetworks} networks trained
      ${snap.backend === 'webgpu' ? 'on the GPU (f32)' : 'on the CPU (f64)'}.
      ${
        gone > 0
          ? html`<strong data-testid="diverged">Diverged at step ${first} in ${gone} of ${snap.networks} networks</strong> (left out from
              there).`
          : nothing
      }
      ${'none' in snap.theory ? html`No infinite-width prediction: ${snap.theory.none}.` : nothing}
      ${snap.warnings.join(' ')}
    </p>`;
  }

  private renderResults(snap: TrainingSnapshot, s: TrainingState, si: number) {
    const k = snap.steps[si];
    const dist = outputDistribution(snap, si, s.point);
    const m = dist.trainedMoments;
    const post = dist.posterior;
    const at =
      snap.axis.kind === 'angle'
        ? `φ = ${formatNumber(snap.axis.coordinate[s.point])}`
        : `x = ${formatNumber(snap.axis.coordinate[s.point])}`;
    const params = exportParams(s, snap, k);
    return html`
      <div class="main-caption">
        <p>
          Thin blue lines: trained networks at step ${k}; shaded: the infinite-width prediction, mean ± 2 sd. At infinite width
          gradient descent is linear in function space with the NTK Θ, and the trained outputs stay Gaussian with mean
          Θ<sub>xX</sub>Θ<sub>XX</sub><sup>−1</sup>(1 − (1 − ηΘ<sub>XX</sub>/N)<sup>k</sup>) y. Readout-only training uses the kernel K
          instead: its limit is the Gaussian-process posterior, and the two differ away from the data.
        </p>
      </div>
      ${chartCard(
        this.presenting,
        {
          heading: `Output distribution at ${at}`,
          file: 'training-distribution',
          params,
          config: distributionConfig(dist, `step ${k}`, this.presenting),
          csv: () => distributionCsv(dist),
        },
        html`<p data-testid="distribution-readout">
          At step ${k}: mean ${formatNumber(m.mean)} ± ${formatNumber(m.meanSE)}, variance ${formatNumber(m.variance)} ±
          ${formatNumber(m.varianceSE)} over ${m.n} networks;
          ${post ? html`n → ∞: mean ${formatNumber(post.mean)}, variance ${formatNumber(post.variance)}.` : 'no infinite-width prediction.'}
          The trained distribution is another Gaussian at infinite width; at small width it is not.
        </p>`,
      )}
      ${chartCard(
        this.presenting,
        {
          heading: 'Loss',
          file: 'training-loss',
          params,
          config: lossConfig(snap, si, this.presenting),
          csv: () => lossCsv(snap),
        },
        html`<p>
          Training loss (1/2N)Σ(f − y)² over the networks (mean and 10–90% band) against the infinite-width curve; test loss on the
          grid against the target function.
        </p>`,
      )}
      ${
        snap.modes.length
          ? chartCard(
              this.presenting,
              {
                heading: 'Eigenmodes of the kernel',
                file: 'training-modes',
                params,
                config: modesConfig(snap, this.presenting),
                csv: () => modesCsv(snap),
              },
              html`<p>
                The residual on the training inputs (root mean square over networks), projected on each eigenvector of
                ${s.trained === 'readout' ? 'K' : 'Θ'}<sub>XX</sub>: at infinite width mode i shrinks by (1 − ηλ<sub>i</sub>/N) per step, so
                the large modes are learned first (spectral bias). Modes the targets do not touch are left out.
              </p>`,
            )
          : nothing
      }
      ${this.sweep && s.sweep ? this.renderSweep(this.sweep, params) : nothing}
      <p class="small" data-testid="weight-change">
        Relative weight change |W<sub>T</sub> − W<sub>0</sub>|/|W<sub>0</sub>| by layer:
        ${snap.weightChange.map((w, l) => html`${l ? ', ' : ''}${l + 1}: ${formatNumber(w.mean)}`)}; NTK change
        ${formatNumber(snap.ntkChange.mean)}. In wide networks the weights barely move (lazy training).
      </p>
    `;
  }

  private renderSweep(part: SweepPart, params: ExportParams) {
    return chartCard(
      this.presenting,
      {
        heading: 'Where width runs out',
        file: 'training-width-sweep',
        params,
        config: sweepConfig(part, this.presenting),
        csv: () => sweepCsv(part),
      },
      html`<p data-testid="sweep-readout">
        How far training moves each network, against width (${SWEEP_NETWORKS} networks per width${part.pending ? `, ${part.pending} widths to go` : ''}):
        the first and readout layers' weights by about n<sup>−1/2</sup>, the hidden layers' by n<sup>−1</sup>, and the NTK and the
        distance between a network and its own linearization shrink too. In wide networks training is lazy, a linear model in the
        network's own kernel; learning representations needs finite width. Dashed: the law's slope through the first point.
      </p>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'training-lab': TrainingLab;
  }
}
