import path from 'node:path';
import type { TrainingEngine } from '../host/training-session';

/**
 * The files scripts/build-desktop.mjs writes into out/desktop/. The main process starts the
 * workers from here; the packaging test builds the bundles and checks each one is there and
 * shipped by build/electron-builder.yml.
 */
export const DESKTOP_BUNDLES = {
  main: 'main.mjs',
  preload: 'preload.cjs',
  /** The hidden GPU worker window's preload: it only passes the page its MessagePort. */
  gpuWorkerPreload: 'gpu-worker-preload.cjs',
  worker: 'worker.mjs',
  pytorchWorker: 'pytorch-worker.mjs',
} as const;

/** The bundled worker of each training engine, in `bundleDir`. */
export function workerEntries(bundleDir: string): Record<TrainingEngine, string> {
  return { tfjs: path.join(bundleDir, DESKTOP_BUNDLES.worker), pytorch: path.join(bundleDir, DESKTOP_BUNDLES.pytorchWorker) };
}
