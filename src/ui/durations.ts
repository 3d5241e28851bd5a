/**
 * Durations as people read them: seconds, minutes or hours, never "150 s" or "0.04 h".
 *
 *   formatDuration(150)    // '2.5 min'
 *   formatDuration(7200)   // '2 h'
 */

function amount(v: number): string {
  return v < 9.95 ? String(Number(v.toFixed(1))) : String(Math.round(v));
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'an unknown time';
  if (seconds < 0.05) return 'under 0.1 s';
  // Switch units where the smaller one would round to 60.
  if (seconds < 59.5) return `${amount(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 59.5) return `${amount(minutes)} min`;
  return `${amount(minutes / 60)} h`;
}
