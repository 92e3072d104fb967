import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { hostService, HOST_API_PATH, type HostApi } from '../shared/host-api';
import { createClient, webSocketTransport, type WebSocketLike } from '../shared/rpc';

/**
 * End-to-end harness: a real `nnd serve` child process (with its own config folder, so the
 * recent-projects list starts empty), Debian's Chromium driven by playwright-core, and a
 * Node-side HostApi client on the same WebSocket the page uses.
 */

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
export const VIEWPORT = { width: 1280, height: 800 } as const;

/** Debian's package; `npx playwright install` is not an option offline. CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const RUNNING_LINE = /NN Designer is running at (http:\/\/\S+)/;

export interface RunningServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** `ws://127.0.0.1:PORT/api` */
  hostUrl: string;
  /** NND_CONFIG_DIR of the server: a fresh temporary folder unless one was given. */
  configDir: string;
  /** Everything the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** The server's process id (its training workers are its descendants). */
  pid: number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** `--project file` */
  project?: string;
  /** Reuse a config folder (to test that recent projects persist across runs). */
  configDir?: string;
  /** Extra arguments after `serve`. */
  args?: string[];
}

/** Starts `nnd serve --port 0 --no-open` and resolves once it prints its URL. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownsConfigDir = options.configDir === undefined;
  const configDir = options.configDir ?? (await mkdtemp(path.join(os.tmpdir(), 'nnd-e2e-config-')));
  await mkdir(configDir, { recursive: true });
  const args = [path.join(REPO_ROOT, 'bin', 'nnd.mjs'), 'serve', '--port', '0', '--no-open', ...(options.project ? ['--project', options.project] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NND_CONFIG_DIR: configDir, NND_DEBUG: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`nnd serve did not print its URL within 120 s; it printed:\n${output}`));
    }, 120_000);
    const onData = () => {
      const match = RUNNING_LINE.exec(output);
      if (match) {
        cleanup();
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`nnd serve exited (code ${code}) before it was ready; it printed:\n${output}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });

  return {
    url,
    hostUrl: new URL(HOST_API_PATH, url).toString().replace(/^http/, 'ws'),
    configDir,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      await stopChild(child, exited);
      if (ownsConfigDir) await rm(configDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killTimer);
}

/** A HostApi client in the test process, on the same WebSocket endpoint as the page. */
export function connectHost(hostUrl: string): HostApi {
  const socket = new WebSocket(hostUrl);
  return createClient(hostService, webSocketTransport(socket as unknown as WebSocketLike));
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium is not at ${CHROMIUM_PATH} — install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface EditorSession extends RunningServer {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** HostApi from the test process (to check files the page saved, list examples, …). */
  host: HostApi;
  /** Uncaught exceptions and console errors of the page; a test can assert it stays empty. */
  pageErrors: string[];
}

export interface EditorOptions extends ServerOptions {
  colorScheme?: 'light' | 'dark';
  /** Default 'en', so screenshots and text assertions do not depend on the machine. */
  locale?: string;
}

/** Server + Chromium at 1280×800 with the editor loaded. Call `stop()` in afterAll. */
export async function startEditor(options: EditorOptions = {}): Promise<EditorSession> {
  const server = await startServer(options);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: VIEWPORT,
      colorScheme: options.colorScheme ?? 'light',
      locale: options.locale ?? 'en',
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      // A failed request is reported below with its URL, which this message lacks.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        pageErrors.push(`console.error: ${message.text()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
    await page.goto(server.url);
    const host = connectHost(server.hostUrl);
    const openBrowser = browser;
    return {
      ...server,
      browser,
      context,
      page,
      host,
      pageErrors,
      stop: async () => {
        host.close();
        await openBrowser.close().catch(() => {});
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

/** Saves `e2e/screenshots/<name>.png` of the page (its 1280×800 viewport). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A fresh temporary folder for files a test writes; removed by the returned function. */
export async function temporaryFolder(prefix = 'nnd-e2e-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
