import type { TrainingEventPayload } from '../../shared/host-api';

/**
 * Which training events the main process sends the window over IPC. A run on the CPU worker
 * streams to the window over its own MessagePort, so only what the host makes up itself goes
 * this way: the `device` choice and the final event (the host writes one when the worker
 * crashed). A run on the GPU worker window has no such port — that page talks to the main
 * process only — so all its events go this way.
 */
export function createTrainingRelay(): (payload: TrainingEventPayload) => boolean {
  const gpuRuns = new Set<string>();
  return ({ runId, event }) => {
    if (event.type === 'device' && event.choice.device === 'gpu') gpuRuns.add(runId);
    const onGpu = gpuRuns.has(runId);
    if (event.type === 'done' || event.type === 'error') gpuRuns.delete(runId);
    return onGpu || event.type === 'device' || event.type === 'done' || event.type === 'error';
  };
}
