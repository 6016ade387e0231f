/**
 * Where an import's time goes: the import calls `timed` around each phase and, when the caller
 * passed a recorder (the import bench does), reports the phase's wall time in milliseconds. A
 * phase recorded twice adds up. Nothing is recorded without a recorder.
 */
export type PhaseRecorder = (phase: string, ms: number) => void;

export async function timed<T>(record: PhaseRecorder | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  if (!record) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    record(phase, performance.now() - started);
  }
}

/** A recorder that sums milliseconds per phase, in order of first appearance. */
export function phaseTotals(): { record: PhaseRecorder; totals: Map<string, number> } {
  const totals = new Map<string, number>();
  return { totals, record: (phase, ms) => totals.set(phase, (totals.get(phase) ?? 0) + ms) };
}
