/**
 * Progress of a long run on stderr. On a terminal one line is rewritten in place, at most a few
 * times a second and only once the run has lasted a moment, so quick runs print nothing; when
 * forced (--progress) onto a file or pipe, whole lines at every tenth of the run.
 */
import type { ProgressMode } from './usage.ts';
import type { Io } from './io.ts';

/** How long a run goes before a terminal sees progress, and how often the line is redrawn. */
const FIRST_MS = 1000;
const EVERY_MS = 200;

export interface Progress {
  /** `done` of `total` networks of the stage `label` names (a sweep's value, say). */
  update(done: number, total: number, label?: string): void;
  /** Clear the terminal line (a forced run's lines stay). */
  finish(): void;
}

export function progressReporter(mode: ProgressMode, io: Io): Progress {
  const terminal = io.stderrIsTTY === true;
  if (mode === 'never' || (mode === 'auto' && !terminal)) return { update() {}, finish() {} };
  const started = performance.now();
  let lastDrawn = -Infinity;
  let drawn = false;
  let lastTenth = -1;
  let lastLabel = '';
  const text = (done: number, total: number, label: string) =>
    `widelab: ${label}${done} of ${total} networks (${Math.floor((100 * done) / total)}%)`;
  return {
    update(done, total, label = '') {
      if (terminal) {
        const now = performance.now();
        if (mode === 'auto' && now - started < FIRST_MS) return;
        if (done < total && now - lastDrawn < EVERY_MS) return;
        lastDrawn = now;
        drawn = true;
        io.stderr(`\r\x1b[2K${text(done, total, label)}`);
      } else {
        const tenth = Math.floor((10 * done) / total);
        if (tenth === lastTenth && label === lastLabel) return;
        lastTenth = tenth;
        lastLabel = label;
        io.stderr(`${text(done, total, label)}\n`);
      }
    },
    finish() {
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}
