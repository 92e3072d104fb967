import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { HOST_API_PATH, hostService } from '../../shared/host-api';
import { serve, webSocketTransport, type ServedConnection, type WebSocketLike } from '../../shared/rpc';
import type { HostEventSink } from './host-events';
import { createHostService, type HostServiceOptions } from './host-service';
import { decodeFrame, encodeFrame, GPU_WORKER_PATH } from '../../shared/training/gpu-worker-wire';
import { createGpuWorkerRegistry, type GpuWorkerRegistry } from './gpu-worker';
import { createTrainingService } from './training-service';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_ROOT = path.join(REPO_ROOT, 'renderer');
export const RENDERER_DIST = path.join(RENDERER_ROOT, 'dist');

/** Browser mode answers on the loopback interface only: the host reads and writes the person's files. */
export const LOOPBACK_ADDRESS = '127.0.0.1';
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface EditorServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer; default renderer/dist. */
  rendererDist?: string;
  host?: Omit<HostServiceOptions, 'mode' | 'emit'>;
  /**
   * Extra page origins allowed to open the HostApi socket (a Vite dev server, say:
   * `http://127.0.0.1:5173`). The page served here is always allowed.
   */
  allowedOrigins?: readonly string[];
  /** A host method failed with a bug (not a typed error): worth a line on stderr. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface EditorServer {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  port: number;
  /** Number of pages connected to the HostApi right now. */
  connectionCount(): number;
  /** GPU worker pages (gpu-worker.html opened in a browser) that connected to this server. */
  gpuWorkers: GpuWorkerRegistry;
  close(): Promise<void>;
}

/**
 * Browser mode: one HTTP server on 127.0.0.1 that serves the built renderer and, on the same
 * port at /api, the HostApi over WebSocket. Requests and sockets addressed to any other
 * host name, and sockets opened by pages of other origins, are refused: without that, a web
 * page the person visits could reach this server through DNS rebinding and read their files.
 */
export async function startEditorServer(options: EditorServerOptions): Promise<EditorServer> {
  const rendererDist = options.rendererDist ?? RENDERER_DIST;
  const connections = new Set<ServedConnection<typeof hostService>>();
  const broadcast: HostEventSink = (event, payload) => {
    for (const connection of connections) connection.emit(event, payload);
  };
  const gpuWorkers = createGpuWorkerRegistry({ onWarning: options.host?.onWarning });
  const training = createTrainingService({ emit: broadcast, cwd: options.host?.cwd, onWarning: options.host?.onWarning, gpuWorkers });
  const implementation = createHostService({ ...options.host, mode: 'browser', emit: broadcast, training });
  let port = options.port;

  const server = http.createServer((request, response) => {
    if (!isLoopbackHost(request.headers.host, port)) {
      refuseHttp(response, 403, `NN Designer only answers requests addressed to ${LOOPBACK_ADDRESS} or localhost (this one was for "${request.headers.host ?? ''}").`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      refuseHttp(response, 405, 'Only GET and HEAD are served here; the HostApi is a WebSocket at /api.');
      return;
    }
    void serveStatic(rendererDist, request, response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', 'http://placeholder').pathname;
    const known = pathname === HOST_API_PATH || pathname === GPU_WORKER_PATH;
    const refusal =
      !known
        ? `there is no WebSocket at ${pathname}; the HostApi is at ${HOST_API_PATH}`
        : !isLoopbackHost(request.headers.host, port)
          ? `the HostApi only answers connections addressed to ${LOOPBACK_ADDRESS} or localhost`
          : !isAllowedOrigin(request.headers.origin, port, options.allowedOrigins ?? [])
            ? `pages from ${request.headers.origin} may not use the HostApi`
            : null;
    if (refusal !== null) {
      const status = !known ? '404 Not Found' : '403 Forbidden';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${refusal}\n`);
      return;
    }
    if (pathname === GPU_WORKER_PATH) {
      // A GPU worker page: binary frames both ways (datasets and weights are large arrays).
      sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        gpuWorkers.add({
          post: (message) => ws.send(encodeFrame(message)),
          onMessage: (listener) =>
            ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
              if (!isBinary) return;
              const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
              try {
                listener(decodeFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
              } catch (err) {
                options.host?.onWarning?.(`a GPU worker page sent a frame that could not be read (${(err as Error).message})`);
              }
            }),
          onClose: (listener) => void ws.on('close', listener),
        });
      });
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const connection = serve(hostService, implementation, webSocketTransport(ws as unknown as WebSocketLike), {
        onInternalError: options.onInternalError,
      });
      connections.add(connection);
      connection.onClose(() => {
        connections.delete(connection);
        connection.dispose();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK_ADDRESS, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK_ADDRESS}:${port}/`,
    port,
    connectionCount: () => connections.size,
    gpuWorkers,
    close: async () => {
      // A run in progress is stopped (its worker would outlive the server otherwise).
      await training.dispose();
      for (const client of sockets.clients) client.close(1001, 'NN Designer is shutting down');
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hostnameOf(hostHeader: string): string {
  // `[::1]:8080` keeps its brackets; `localhost:8080` → `localhost`.
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(hostHeader.trim().toLowerCase());
  return match?.[1] ?? '';
}

/** The Host header names this server: a loopback name and our port (browsers always send the port for non-80). */
export function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const portPart = /:(\d+)$/.exec(hostHeader)?.[1];
  return LOOPBACK_HOSTNAMES.has(hostnameOf(hostHeader)) && (portPart === undefined ? port === 80 : Number(portPart) === port);
}

/**
 * A browser always sends Origin on a WebSocket; it must be this server's own page (or one
 * the person allowed). Tools that are not browsers (the tests' Node client) send none.
 */
export function isAllowedOrigin(origin: string | undefined, port: number, extra: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (extra.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && LOOPBACK_HOSTNAMES.has(url.hostname) && Number(url.port || 80) === port;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function serveStatic(root: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://placeholder').pathname);
  } catch {
    refuseHttp(response, 400, 'The address is not valid.');
    return;
  }
  const relative = path.normalize(pathname).replace(/^([/\\])+/, '');
  let file = path.join(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    refuseHttp(response, 403, 'That path is outside the editor.');
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    // A path without an extension is a page route: the app decides what to show.
    if (path.extname(relative) === '') {
      file = path.join(root, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      refuseHttp(response, 404, `Not found: ${pathname}`);
      return;
    }
  }
  // A link inside the folder may point anywhere; what is served is where it leads, so that must be inside too.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  if (realFile !== realRoot && !realFile.startsWith(realRoot + path.sep)) {
    refuseHttp(response, 403, 'That path is outside the editor.');
    return;
  }
  const hashedAsset = relative.startsWith('assets' + path.sep) || relative.startsWith('assets/');
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Vite puts a content hash in every asset name, so those never change; the page itself always revalidates.
    'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function refuseHttp(response: http.ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(message + '\n');
}

/** Why the built renderer needs (re)building, or null when it is up to date. */
export async function rendererBuildReason(rendererRoot = RENDERER_ROOT, dist = path.join(rendererRoot, 'dist')): Promise<string | null> {
  const built = await stat(path.join(dist, 'index.html')).catch(() => null);
  if (!built) return `${path.relative(process.cwd(), dist) || dist} is missing`;
  const sources = [path.join(rendererRoot, 'src'), path.join(rendererRoot, 'index.html'), path.join(rendererRoot, 'gpu-worker.html'), path.join(rendererRoot, 'vite.config.ts'), path.join(rendererRoot, '..', 'shared')];
  const newest = Math.max(...(await Promise.all(sources.map(newestChange))));
  return newest > built.mtimeMs ? 'its sources changed since the last build' : null;
}

async function newestChange(target: string): Promise<number> {
  const info = await stat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(target, { withFileTypes: true });
  const times = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules' && !/\.test\.tsx?$/.test(e.name))
      .map((e) => newestChange(path.join(target, e.name))),
  );
  return Math.max(info.mtimeMs, ...times);
}

/** `vite build renderer`, quietly; its output is shown only when it fails. */
export async function buildRenderer(rendererRoot = RENDERER_ROOT): Promise<void> {
  const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const output: Buffer[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, 'build', rendererRoot, '--logLevel', 'warn'], {
      cwd: path.dirname(rendererRoot),
      stdio: ['ignore', 'pipe', 'pipe'],
      // The page people use is the production React build, whatever environment launched us
      // (vitest sets NODE_ENV=test, which would make vite bundle development React: several
      // times slower, and not what the tests should measure).
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const log = Buffer.concat(output).toString('utf8').trim();
    throw new Error(`building the editor page failed (vite build exited with ${code}):\n${log}`);
  }
}

/**
 * Opens the URL in the person's browser with the platform's opener. Best effort: a machine
 * without one (a server, a container) just keeps the printed URL.
 */
export function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener: the URL is on the terminal.
  }
}
