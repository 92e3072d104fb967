import http from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { emptyDocument } from '../../shared/graph/document';
import { hostService, type HostApi } from '../../shared/host-api';
import { createClient, webSocketTransport, type WebSocketLike } from '../../shared/rpc';
import { isAllowedOrigin, isLoopbackHost, startEditorServer, type EditorServer } from './serve';

let dir: string;
let server: EditorServer;
const clients: HostApi[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-serve-'));
  const dist = path.join(dir, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>NN Designer</title>');
  await writeFile(path.join(dist, 'assets', 'app-1234.js'), 'console.log("editor")');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the page');
  server = await startEditorServer({
    port: 0,
    rendererDist: dist,
    host: { configDir: path.join(dir, 'config'), cwd: dir },
    allowedOrigins: ['http://127.0.0.1:5173'],
  });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(pathname: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, method: options.method ?? 'GET', headers: options.host ? { Host: options.host } : {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function hostClient(headers: Record<string, string> = {}): HostApi {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
  const client = createClient(hostService, webSocketTransport(socket as unknown as WebSocketLike));
  clients.push(client);
  return client;
}

/** The HTTP status a refused WebSocket handshake got, with the server's reason. */
function refusedUpgrade(pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${pathname}`, { headers });
    socket.on('open', () => reject(new Error('the handshake was accepted')));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    socket.on('error', () => {});
  });
}

describe('nnd serve: the page', () => {
  it('listens on 127.0.0.1 and serves the built renderer', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await request('/');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>NN Designer</title>' });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = await request('/assets/app-1234.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toMatch(/immutable/);
  });

  it('answers page routes with the app and missing files with 404', async () => {
    expect((await request('/projects/recent')).body).toMatch(/NN Designer/);
    expect((await request('/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the renderer', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/.%2e/secret.txt',
      `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
      '/assets/app-1234.js%00/../../secret.txt',
    ];
    for (const attempt of attempts) {
      const reply = await request(attempt);
      expect(reply.body, attempt).not.toMatch(/not for the page/);
    }
  });

  it('never follows a link inside the renderer to a file or folder outside it', async () => {
    await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'dist', 'assets', 'leak.txt'));
    await symlink(dir, path.join(dir, 'dist', 'outside'));
    for (const attempt of ['/assets/leak.txt', '/outside/secret.txt']) {
      const reply = await request(attempt);
      expect(reply.body, attempt).not.toMatch(/not for the page/);
      expect(reply.status, attempt).toBe(403);
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding) and other methods', async () => {
    const rebound = await request('/', { host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/only answers requests addressed to 127\.0\.0\.1 or localhost \(this one was for "attacker\.example:\d+"\)/);
    expect((await request('/', { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await request('/', { method: 'POST' })).status).toBe(405);
    const head = await request('/', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
  });
});

describe('nnd serve: the HostApi WebSocket', () => {
  it('answers calls from a client without Origin (a tool) and from the page origin', async () => {
    expect((await hostClient().hostInfo()).mode).toBe('browser');
    const fromPage = hostClient({ Origin: `http://127.0.0.1:${server.port}` });
    expect((await fromPage.newProject()).document).toEqual(emptyDocument());
    const fromAllowedDevServer = hostClient({ Origin: 'http://127.0.0.1:5173' });
    expect((await fromAllowedDevServer.hostInfo()).cwd).toBe(dir);
  });

  it('refuses sockets from other origins, other host names and other paths', async () => {
    expect(await refusedUpgrade('/api', { Origin: 'https://attacker.example' })).toEqual({
      status: 403,
      body: 'pages from https://attacker.example may not use the HostApi\n',
    });
    expect((await refusedUpgrade('/api', { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect(await refusedUpgrade('/api', { Host: `attacker.example:${server.port}` })).toEqual({
      status: 403,
      body: 'the HostApi only answers connections addressed to 127.0.0.1 or localhost\n',
    });
    expect((await refusedUpgrade('/socket', {})).status).toBe(404);
  });

  it('sends events to every connected page', async () => {
    const saving = hostClient();
    const watching = hostClient();
    await watching.hostInfo();
    const seen = new Promise<string[]>((resolve) => watching.on('recentProjectsChanged', (recent) => resolve(recent.map((r) => r.path))));
    const { path: saved } = await saving.saveProject({ path: 'net', document: emptyDocument('net') });
    expect(await seen).toEqual([saved]);
    expect(server.connectionCount()).toBe(2);
  });

  it('tells connected pages when it shuts down', async () => {
    const client = hostClient();
    await client.hostInfo();
    const reason = new Promise<string>((resolve) => client.onDisconnect(resolve));
    await server.close();
    expect(await reason).toBe('the connection closed (code 1001: NN Designer is shutting down)');
    server = await startEditorServer({ port: 0, rendererDist: path.join(dir, 'dist'), host: { configDir: path.join(dir, 'config') } });
  });
});

describe('loopback checks', () => {
  it('accepts only loopback names on our port', () => {
    expect(isLoopbackHost('127.0.0.1:4717', 4717)).toBe(true);
    expect(isLoopbackHost('LOCALHOST:4717', 4717)).toBe(true);
    expect(isLoopbackHost('[::1]:4717', 4717)).toBe(true);
    expect(isLoopbackHost('127.0.0.1:4718', 4717)).toBe(false);
    expect(isLoopbackHost('localhost.attacker.example:4717', 4717)).toBe(false);
    expect(isLoopbackHost('127.0.0.1', 4717)).toBe(false);
    expect(isLoopbackHost(undefined, 4717)).toBe(false);
  });

  it('accepts only our own page origin, tools without one, and listed extras', () => {
    expect(isAllowedOrigin(undefined, 4717, [])).toBe(true);
    expect(isAllowedOrigin('http://localhost:4717', 4717, [])).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:4718', 4717, [])).toBe(false);
    expect(isAllowedOrigin('https://127.0.0.1:4717', 4717, [])).toBe(false);
    expect(isAllowedOrigin('null', 4717, [])).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5173', 4717, ['http://127.0.0.1:5173'])).toBe(true);
  });
});
