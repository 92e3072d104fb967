/**
 * The desktop app's main process: one window showing the built renderer from `nnd://app/`,
 * the HostApi served to it over IPC (electron/host does the work, exactly as in browser
 * mode), native menus and dialogs, training in a utilityProcess. Decisions that can be made
 * without Electron live in the small modules beside this file, where the tests check them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, type IpcMainEvent } from 'electron';
import en from '../../renderer/src/i18n/en.json';
import zhCN from '../../renderer/src/i18n/zh-CN.json';
import { buildMenuSpec, menuLabelsFrom, type HostMenuCommand, type MenuCommandEvent, type MenuLabels } from '../../shared/desktop-menu';
import type { HostServiceTable, WindowState } from '../../shared/host-api';
import type { EventPayload } from '../../shared/rpc';
import { configDir as defaultConfigDir } from '../host/config-dir';
import { FileAccessRegistry, guardFileAccess } from '../host/file-access';
import { createHostService } from '../host/host-service';
import { RecentProjects } from '../host/recent-projects';
import { RecoveryStore } from '../host/recovery';
import { createGpuWorkerRegistry } from '../host/gpu-worker';
import { createTrainingService } from '../host/training-service';
import { DESKTOP_BUNDLES, workerEntries } from './bundle-layout';
import { CONTENT_SECURITY_POLICY } from './csp';
import { nativeDialogFor, withEnding } from './dialogs';
import { projectFromArgv } from './file-arguments';
import { createHostIpcConnection, HOST_IPC_CHANNEL, type HostIpcConnection } from './ipc-handlers';
import { openGpuWorkerWindow, type GpuWorkerWindow } from './gpu-worker-window';
import { toElectronTemplate } from './menu';
import { createTrainingRelay } from './training-relay';
import { utilityWorkerLauncher } from './utility-worker';
import { APP_SCHEME, APP_START_URL, contentTypeOf, decidePermission, decideWindowOpen, isAllowedNavigation, resolveAppAsset } from './web-policy';
import { mainWindowOptions } from './window-options';
import { fitToDisplays, loadWindowState, saveWindowState } from './window-state';

const PRODUCT_NAME = 'NN Designer';
/** out/desktop/main.mjs inside the app (the repository in a checkout, app.asar when packaged). */
const appRoot = app.getAppPath();
const rendererDist = path.join(appRoot, 'renderer', 'dist');
const bundleDir = path.join(appRoot, 'out', 'desktop');
const examplesDir = path.join(appRoot, 'examples');
const configDir = defaultConfigDir();
const home = app.getPath('home');

type HostEvents = HostServiceTable['events'];

// Before `ready`: our scheme behaves like https (an origin, fetch, secure context).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  // Another NN Designer is running: it gets our arguments (second-instance) and we leave.
  app.quit();
} else {
  void run();
}

async function run(): Promise<void> {
  const access = new FileAccessRegistry();
  access.grantFolder(examplesDir, ['read']);
  const recents = new RecentProjects(configDir);
  const recovery = new RecoveryStore(configDir);

  let window: BrowserWindow | null = null;
  let connection: HostIpcConnection | null = null;
  let windowState: WindowState | null = null;
  let labels: MenuLabels = menuLabelsFrom(en);
  let recentList: Array<{ path: string; name: string }> = [];
  let closeConfirmed = false;
  let closeAfterSaveUntil = 0;

  /** A project the operating system asked us to open: before the window exists it is the initial project. */
  let initialProject = projectFromArgv(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd());
  const openFromSystem = (file: string) => {
    access.grantProject(file);
    if (!window) {
      initialProject = file;
      return;
    }
    if (window.isMinimized()) window.restore();
    window.focus();
    sendMenuCommand({ command: 'openRecent', path: file });
  };
  // macOS: a double-clicked file or one dropped on the dock icon, possibly before `ready`.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromSystem(file);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const file = projectFromArgv(argv.slice(1), workingDirectory);
    if (file) openFromSystem(file);
    else if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  await app.whenReady();
  if (app.getLocale().toLowerCase().startsWith('zh')) labels = menuLabelsFrom(zhCN, labels);

  const relayTraining = createTrainingRelay();
  const emit = <E extends keyof HostEvents & string>(event: E, payload: EventPayload<HostEvents, E>) => {
    if (event === 'recentProjectsChanged') updateRecents(payload as EventPayload<HostEvents, 'recentProjectsChanged'>);
    // Most of a run's events reach the page over the worker's own MessagePort (training-relay.ts).
    if (event === 'trainingEvent' && !relayTraining(payload as EventPayload<HostEvents, 'trainingEvent'>)) return;
    connection?.emit(event, payload);
  };
  const gpuWorkers = createGpuWorkerRegistry({ onWarning: (message) => process.stderr.write(`nnd desktop: ${message}\n`) });
  const training = createTrainingService({
    emit,
    cwd: home,
    launchWorker: utilityWorkerLauncher({ workerEntries: workerEntries(bundleDir), window: () => window?.webContents ?? null }),
    gpuWorkers,
  });
  let gpuWorkerWindow: GpuWorkerWindow | null = null;
  const host = guardFileAccess(
    createHostService({
      mode: 'desktop',
      initialProject,
      examplesDir,
      configDir,
      cwd: home,
      emit,
      training,
      recovery,
      chooseFile: showFileDialog,
      onWindowState: applyWindowState,
    }),
    access,
    { cwd: home },
  );
  if (initialProject) access.grantProject(initialProject);

  function updateRecents(list: Array<{ path: string; name: string }>) {
    recentList = list.map((r) => ({ path: r.path, name: r.name }));
    // A project on the recent list was the person's choice once; it stays theirs to open.
    for (const recent of recentList) access.grantProject(recent.path);
    rebuildMenu();
  }
  updateRecents(await recents.list());

  async function showFileDialog(choice: Parameters<typeof nativeDialogFor>[0]): Promise<string | null> {
    const request = nativeDialogFor(choice, path.sep === '\\' ? '\\' : '/');
    const parent = window ?? undefined;
    if (request.kind === 'save') {
      const result = parent ? await dialog.showSaveDialog(parent, request.options) : await dialog.showSaveDialog(request.options);
      return result.canceled || !result.filePath ? null : withEnding(result.filePath, choice);
    }
    const result = parent ? await dialog.showOpenDialog(parent, request.options) : await dialog.showOpenDialog(request.options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  function applyWindowState(state: WindowState) {
    const before = windowState;
    windowState = state;
    if (state.menuLabels) labels = menuLabelsFrom({ menu: state.menuLabels }, labels);
    if (window) {
      window.setTitle(`${state.documentName}${state.dirty ? ' •' : ''} — ${PRODUCT_NAME}`);
      if (process.platform === 'darwin') {
        window.setDocumentEdited(state.dirty);
        window.setRepresentedFilename(state.projectPath ?? '');
      }
    }
    if (!before || before.language !== state.language || before.editing !== state.editing || before.training !== state.training) rebuildMenu();
    // The person chose Save in the close prompt and the save went through.
    if (!state.dirty && Date.now() < closeAfterSaveUntil) {
      closeAfterSaveUntil = 0;
      closeConfirmed = true;
      window?.close();
    }
  }

  function sendMenuCommand(command: MenuCommandEvent) {
    if (command.path) access.grantProject(command.path);
    connection?.emit('menuCommand', command);
  }

  function runHostCommand(command: HostMenuCommand) {
    if (command === 'quit') app.quit();
    else if (command === 'about') app.showAboutPanel();
    else void shell.openPath(path.join(appRoot, 'README.md'));
  }

  function rebuildMenu() {
    const spec = buildMenuSpec({
      platform: process.platform,
      appName: PRODUCT_NAME,
      labels,
      recent: recentList,
      editing: windowState?.editing ?? false,
      training: windowState?.training ?? 'idle',
      language: windowState?.language ?? 'en',
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(spec, { command: sendMenuCommand, host: runHostCommand })));
  }

  app.setAboutPanelOptions({ applicationName: PRODUCT_NAME, applicationVersion: app.getVersion(), copyright: 'MIT License' });

  // The page and its assets, from the built renderer only, each with the CSP.
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDist, request.url, path.sep === '\\' ? '\\' : '/');
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), {
        headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(decidePermission(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));

  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault(): void }, url: string) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    };
    contents.on('will-navigate', guard);
    contents.on('will-redirect', guard);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternally) void shell.openExternal(decision.openExternally);
      return { action: decision.action };
    });
  });

  ipcMain.on(HOST_IPC_CHANNEL, (event: IpcMainEvent, frame: unknown) => {
    const frameUrl = event.senderFrame?.url ?? null;
    connection?.receive({ webContentsId: event.sender.id, frameUrl, isMainFrame: event.senderFrame !== null && event.senderFrame.parent === null }, frame);
  });

  async function openWindow() {
    const stored = await loadWindowState(configDir);
    const bounds = fitToDisplays(stored, screen.getAllDisplays().map((d) => d.workArea));
    const win = new BrowserWindow(
      mainWindowOptions({
        preloadPath: path.join(bundleDir, DESKTOP_BUNDLES.preload),
        bounds,
        title: PRODUCT_NAME,
        iconPath: path.join(appRoot, 'build', 'icon.png'),
        devTools: !app.isPackaged && process.env.NND_DEVTOOLS === '1',
      }),
    );
    window = win;
    if (stored.maximized) win.maximize();
    connection = createHostIpcConnection({
      implementation: host,
      webContentsId: win.webContents.id,
      post: (frame) => {
        if (!win.isDestroyed()) win.webContents.send(HOST_IPC_CHANNEL, frame);
      },
      onRefused: (description) => process.stderr.write(`nnd desktop: ${description}\n`),
      onInternalError: (method, error) => process.stderr.write(`nnd desktop: ${method} failed: ${(error as Error)?.stack ?? String(error)}\n`),
    });
    win.once('ready-to-show', () => win.show());

    win.on('close', (event) => {
      if (windowState?.dirty && !closeConfirmed) {
        event.preventDefault();
        void askBeforeClosing(win);
        return;
      }
      void saveWindowState(configDir, { ...win.getNormalBounds(), maximized: win.isMaximized() }).catch(() => undefined);
    });
    win.on('closed', () => {
      // The training worker belongs to its window, and so does the hidden GPU worker (else the app would not quit).
      void training.dispose();
      gpuWorkerWindow?.close();
      gpuWorkerWindow = null;
      connection?.close();
      connection = null;
      window = null;
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      void recovery.releaseOwn().then(async () => {
        await dialog.showMessageBox(win, { type: 'error', message: labels.crashedTitle, detail: `${labels.crashedDetail} (${details.reason})` });
        if (!win.isDestroyed()) void win.loadURL(APP_START_URL);
      });
    });
    await win.loadURL(APP_START_URL);
    // After the editor, so the person's window never waits for the GPU worker's tfjs to load.
    gpuWorkerWindow ??= openGpuWorkerWindow({
      preloadPath: path.join(bundleDir, DESKTOP_BUNDLES.gpuWorkerPreload),
      registry: gpuWorkers,
      onWarning: (message) => process.stderr.write(`nnd desktop: ${message}\n`),
    });
  }

  async function askBeforeClosing(win: BrowserWindow) {
    const { response } = await dialog.showMessageBox(win, {
      type: 'warning',
      message: labels.unsavedTitle,
      detail: labels.unsavedDetail,
      buttons: [labels.save, labels.dontSave, labels.cancel],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
    });
    if (response === 0) {
      // The page saves (with a dialog for a new project); its next clean state report closes the window.
      closeAfterSaveUntil = Date.now() + 10 * 60_000;
      sendMenuCommand({ command: 'save' });
    } else if (response === 1) {
      closeConfirmed = true;
      await recovery.clear();
      win.close();
    }
  }

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void recovery.clear());
  rebuildMenu();
  await openWindow();
}
