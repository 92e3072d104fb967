import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_BOUNDS: WindowBounds = { width: 1400, height: 900 };
export const MIN_WINDOW_SIZE = { width: 960, height: 600 };

/**
 * Electron's security checklist, as the web preferences of our one window. Each of these is
 * the safe choice; `webPreferencesWeaknesses` names any that a change relaxes, and the
 * security test fails on it.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  // No devtools in a packaged app; a developer run (NND_DEVTOOLS=1) may turn them on.
  devTools: false,
} as const satisfies WebPreferences;

export interface MainWindowOptionsInput {
  preloadPath: string;
  bounds: WindowBounds;
  title: string;
  /** The window icon on Linux and Windows (macOS takes the app bundle's). */
  iconPath?: string;
  devTools?: boolean;
}

export function mainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: input.title,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    // Shown once the page has painted, so the window never flashes white.
    show: false,
    backgroundColor: '#101319',
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      devTools: input.devTools === true,
      preload: input.preloadPath,
      // Nothing of Node reaches the page: the preload is the only bridge and it exposes the HostApi alone.
      additionalArguments: [],
      enableBlinkFeatures: '',
      disableBlinkFeatures: '',
    },
  };
}

/** Every web preference of `options` that is weaker than SECURE_WEB_PREFERENCES, as sentences. */
export function webPreferencesWeaknesses(options: BrowserWindowConstructorOptions): string[] {
  const prefs = options.webPreferences ?? {};
  const problems: string[] = [];
  for (const [name, safe] of Object.entries(SECURE_WEB_PREFERENCES)) {
    if (name === 'devTools') continue;
    const actual = (prefs as Record<string, unknown>)[name];
    // An option left out takes Electron's default, which for some of these is the unsafe one
    // (sandbox is off for a window with a preload in older Electrons): each must be explicit.
    if (actual !== safe) problems.push(`${name} is ${String(actual)} (must be ${String(safe)})`);
  }
  if (typeof prefs.preload !== 'string' || prefs.preload === '') problems.push('no preload: the page would have no HostApi');
  if (prefs.enableBlinkFeatures) problems.push(`enableBlinkFeatures turns on "${prefs.enableBlinkFeatures}"`);
  if ((prefs.additionalArguments ?? []).length > 0) problems.push('additionalArguments pass data to the page outside the HostApi');
  return problems;
}

/**
 * The hidden GPU worker window (renderer/gpu-worker.html): the same locked-down preferences
 * as the main window, never shown, and not throttled while hidden — a throttled page would
 * train at a crawl. Its preload only hands the page a MessagePort to the main process.
 */
export function gpuWorkerWindowOptions(input: { preloadPath: string }): BrowserWindowConstructorOptions {
  return {
    width: 320,
    height: 200,
    title: 'NN Designer GPU worker',
    show: false,
    skipTaskbar: true,
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      preload: input.preloadPath,
      backgroundThrottling: false,
      additionalArguments: [],
      enableBlinkFeatures: '',
      disableBlinkFeatures: '',
    },
  };
}
