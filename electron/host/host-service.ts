import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostImplementation } from '../../shared/host-api';
import { configDir as defaultConfigDir } from './config-dir';
import { createDatasetMethods } from './datasets-service';
import { createExportMethods } from './exports-service';
import type { HostEventSink } from './host-events';
import { createProjectMethods } from './projects-service';
import { RecentProjects } from './recent-projects';
import { RecoveryStore } from './recovery';
import { createTrainingService, type TrainingService } from './training-service';
import { createWindowMethods, type WindowMethodsOptions } from './window-methods';

export interface HostServiceOptions {
  mode: 'browser' | 'desktop';
  /** Project to open at start; resolved against `cwd`. */
  initialProject?: string | null;
  /** Default: this checkout's examples/. */
  examplesDir?: string;
  /** Default: NND_CONFIG_DIR, else the platform's config folder. */
  configDir?: string;
  /** Default: process.cwd(). */
  cwd?: string;
  /** Where events go; a host with no windows yet can leave it out. */
  emit?: HostEventSink;
  /** An example that fails to load is skipped (the start page still works) and reported here. */
  onWarning?: (message: string) => void;
  /**
   * Training runs and their history; by default one of its own, sending events to `emit`.
   * Pass one to be able to dispose it (stop the active run) when the host shuts down.
   */
  training?: TrainingService;
  /** Crash recovery; by default a store in `<configDir>/recovery` for this process. */
  recovery?: RecoveryStore;
  /** Desktop only: native dialogs and the window's reaction to the page's state. */
  chooseFile?: WindowMethodsOptions['chooseFile'];
  onWindowState?: WindowMethodsOptions['onWindowState'];
}

export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
const packageVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The host side of shared/host-api.ts, free of Electron: browser mode (`nnd serve`) and the
 * desktop app run this same implementation behind their own transports. It puts together
 * one service per job: projects, datasets, training runs (sessions, history, inference),
 * exports and the window's own methods.
 */
export function createHostService(options: HostServiceOptions): HostImplementation {
  const cwd = options.cwd ?? process.cwd();
  const configDir = options.configDir ?? defaultConfigDir();
  const emit: HostEventSink = options.emit ?? (() => {});
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const absolute = (p: string) => path.resolve(cwd, expandHome(p));
  const training = options.training ?? createTrainingService({ emit, cwd, onWarning: warn });

  return {
    ...training.methods,
    ...createExportMethods({ cwd, history: training.history }),
    ...createProjectMethods({ absolute, examplesDir: options.examplesDir ?? DEFAULT_EXAMPLES_DIR, recents: new RecentProjects(configDir), emit, warn }),
    ...createDatasetMethods({ cwd, absolute }),
    ...createWindowMethods({
      recovery: options.recovery ?? new RecoveryStore(configDir),
      chooseFile: options.chooseFile,
      onWindowState: options.onWindowState,
    }),

    hostInfo: () => ({
      mode: options.mode,
      version: packageVersion,
      platform: process.platform,
      homeDir: os.homedir(),
      cwd,
      pathSeparator: path.sep === '\\' ? '\\' : '/',
      initialProject: options.initialProject ? absolute(options.initialProject) : null,
      memoryBytes: os.totalmem(),
    }),
  };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}
