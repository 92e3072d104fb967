import { create } from 'zustand';
import { useTraining } from '../training/training-store';

/** What the Export dialog writes: a trained run's model, or the open project's (its saved weights, or the seed's initial ones). */
export type ExportSource = { kind: 'run'; runId: string } | { kind: 'project' };

interface ExportDialogState {
  source: ExportSource | null;
  open(source: ExportSource): void;
  close(): void;
}

export const useExportDialog = create<ExportDialogState>()((set) => ({
  source: null,
  open: (source) => set({ source }),
  close: () => set({ source: null }),
}));

/** From the menu or the top bar: the run that just ended when there is one (its trained weights), else the project. */
export function openExportDialog(): void {
  const { runId, phase } = useTraining.getState();
  const ended = phase === 'completed' || phase === 'stopped' || phase === 'early-stopped';
  useExportDialog.getState().open(runId && ended ? { kind: 'run', runId } : { kind: 'project' });
}
