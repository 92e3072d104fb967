import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hostService } from '../../shared/host-api';
import { createClient, webSocketTransport, type WebSocketLike } from '../../shared/rpc';

const NND = fileURLToPath(new URL('../../bin/nnd.mjs', import.meta.url));
let dir: string;
let dist: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-serve-cli-'));
  dist = path.join(dir, 'dist');
  await mkdir(dist);
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>NN Designer</title>');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Served {
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs `nnd serve` with a prebuilt page; once it prints its URL, `whileRunning` gets it,
 * then the process receives `signal`.
 */
function runServe(args: string[], whileRunning?: (url: string) => Promise<void>, signal: NodeJS.Signals = 'SIGINT'): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NND, 'serve', '--no-open', ...args], {
      cwd: dir,
      env: { ...process.env, NND_RENDERER_DIST: dist, NND_CONFIG_DIR: path.join(dir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /NN Designer is running at (\S+)/.exec(stdout)?.[1];
      if (url && !started) {
        started = true;
        (whileRunning ?? (async () => {}))(url).then(
          () => child.kill(signal),
          (err: unknown) => {
            child.kill('SIGKILL');
            reject(err);
          },
        );
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ stdout, stderr, code }));
  });
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

describe('nnd serve', () => {
  it('prints the URL, serves the page and the HostApi with the --project file, and stops on Ctrl+C', async () => {
    await writeFile(path.join(dir, 'start.nnd.json'), '{}');
    const result = await runServe(['--port', '0', '--project', 'start.nnd.json'], async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await get(url)).toMatch(/NN Designer/);
      const host = createClient(hostService, webSocketTransport(new WebSocket(url.replace('http', 'ws') + 'api') as unknown as WebSocketLike));
      try {
        expect((await host.hostInfo()).initialProject).toBe(path.join(dir, 'start.nnd.json'));
      } finally {
        host.close();
      }
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^NN Designer is running at http:\/\/127\.0\.0\.1:\d+\/\nNN Designer stopped\.\n$/);
    expect(result.code).toBe(0);
  });

  it('refuses a --project file that does not exist, in one line', async () => {
    const result = await runServe(['--port', '0', '--project', 'nowhere.nnd.json']);
    expect(result.stderr).toBe('nnd serve: --project nowhere.nnd.json: there is no such file — check the path\n');
    expect(result.code).toBe(1);
  });

  it('says so when the port asked for is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runServe(['--port', String(port)]);
      expect(result.stderr).toBe(`nnd serve: port ${port} is already in use — choose another with --port N, or --port 0 for any free port\n`);
      expect(result.code).toBe(1);
    } finally {
      blocker.close();
    }
  });

  it('refuses a port that is not a port', async () => {
    const result = await runServe(['--port', '70000']);
    expect(result.stderr).toMatch(/--port takes a whole number from 0 to 65535, got "70000"/);
    expect(result.code).not.toBe(0);
  });
});
