import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buildRenderer, openInBrowser, rendererBuildReason, startEditorServer, type EditorServer } from '../host/serve';
import { CliError } from './errors';

/** Used when --port is not given; if it is taken, any free port will do. */
export const DEFAULT_SERVE_PORT = 4717;

export interface ServeOptions {
  port?: number;
  /** Commander turns `--no-open` into `open: false`. */
  open?: boolean;
  project?: string;
}

/** The line tests and scripts wait for; keep its wording. */
export function runningLine(url: string): string {
  return `NN Designer is running at ${url}`;
}

/**
 * `nnd serve`: builds the editor page if it is missing or stale, serves it with the HostApi
 * on 127.0.0.1, prints the URL and runs until Ctrl+C (SIGINT) or SIGTERM.
 */
export async function serveEditor(options: ServeOptions, print: (line: string) => void): Promise<number> {
  let initialProject: string | null = null;
  if (options.project !== undefined) {
    initialProject = path.resolve(options.project);
    const info = await stat(initialProject).catch(() => null);
    if (!info?.isFile()) throw new CliError(`--project ${options.project}: there is no such file — check the path`);
  }

  // NND_RENDERER_DIST serves a page built elsewhere (a packaged app, a test) as it is.
  const prebuilt = process.env.NND_RENDERER_DIST ? path.resolve(process.env.NND_RENDERER_DIST) : undefined;
  if (prebuilt === undefined) {
    const reason = await rendererBuildReason();
    if (reason !== null) {
      print(`Building the editor page first (${reason})…`);
      await buildRenderer();
    }
  } else if (!(await stat(path.join(prebuilt, 'index.html')).catch(() => null))) {
    throw new CliError(`NND_RENDERER_DIST=${process.env.NND_RENDERER_DIST} has no index.html — build the page there or unset the variable`);
  }

  const server = await listen(options.port, initialProject, prebuilt);
  print(runningLine(server.url));
  if (options.open !== false) openInBrowser(server.url);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  if (signal === 'SIGINT') print('NN Designer stopped.');
  return 0;
}

async function listen(port: number | undefined, initialProject: string | null, rendererDist: string | undefined): Promise<EditorServer> {
  const start = (p: number) =>
    startEditorServer({
      port: p,
      rendererDist,
      host: { initialProject },
      allowedOrigins: (process.env.NND_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
      onInternalError: (method, err) => process.stderr.write(`nnd serve: ${method} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
    });
  try {
    return await start(port ?? DEFAULT_SERVE_PORT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    if (port === undefined) return start(0);
    throw new CliError(`port ${port} is already in use — choose another with --port N, or --port 0 for any free port`);
  }
}
