import type { DevicePreference } from '../graph/training-config';
import type { GpuInfo } from './gpu-worker-wire';
import type { DeviceChoice } from './protocol';

/**
 * The GPU must beat the CPU by this factor to get the run: a tie goes to the CPU worker, whose
 * backend has our fused kernels and which does not share the machine's GPU with the screen.
 */
export const GPU_MARGIN = 1.1;

export interface DeviceChoiceInput {
  preference: DevicePreference;
  /** The GPU worker that could take the run; null when there is none. */
  gpu: GpuInfo | null;
  /** The backend the CPU worker trains on (`wasm`, or `cpu` where wasm does not load). */
  cpuBackend: string;
  /** Calibration results; null when that side was not measured or its calibration failed. */
  gpuSamplesPerSecond: number | null;
  cpuSamplesPerSecond: number | null;
}

/** Whether a run needs calibration first: only `auto` with a GPU worker compares. */
export function needsCalibration(preference: DevicePreference, gpu: GpuInfo | null): boolean {
  return preference === 'auto' && gpu !== null;
}

/** Which device trains the run, and why. Pure, so the rule is tested without a GPU. */
export function chooseDevice(input: DeviceChoiceInput): DeviceChoice {
  const { preference, gpu, gpuSamplesPerSecond, cpuSamplesPerSecond } = input;
  const measured = { gpuSamplesPerSecond, cpuSamplesPerSecond };
  const cpu = (reason: DeviceChoice['reason']): DeviceChoice => ({ device: 'cpu', backend: input.cpuBackend, reason, gpu, ...measured });
  if (!gpu) return cpu(preference === 'cpu' ? 'user-chose' : 'no-gpu-worker');
  const onGpu = (reason: DeviceChoice['reason']): DeviceChoice => ({ device: 'gpu', backend: gpu.backend, reason, gpu, ...measured });
  if (preference === 'cpu') return cpu('user-chose');
  if (preference === 'gpu') return onGpu('user-chose');
  // The GPU's calibration failed (a kernel its backend lacks, a lost device): it cannot train this model.
  if (gpuSamplesPerSecond === null) return cpu('no-gpu-worker');
  if (cpuSamplesPerSecond === null || gpuSamplesPerSecond > cpuSamplesPerSecond * GPU_MARGIN) return onGpu('gpu-faster');
  return cpu(gpu.software ? 'software-renderer' : 'cpu-faster');
}
