import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../../shared/graph/document';
import { hostService, type HostApi, type HostImplementation, type RecentProject } from '../../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type MessageTransport, type ServedConnection } from '../../../shared/rpc';
import { createReconnectingHost, hostUrlForPage } from './client';

/** A host implementation with just enough behaviour to tell connections apart. */
function fakeHost(connectionNumber: number): HostImplementation {
  return {
    hostInfo: () => ({ mode: 'browser', version: `connection ${connectionNumber}`, platform: 'linux', homeDir: '/home/a', cwd: '/work', pathSeparator: '/', initialProject: null }),
    listExamples: () => [],
    newProject: () => ({ document: emptyDocument() }),
    openProject: ({ path }) => ({ path, document: emptyDocument() }),
    saveProject: ({ path }) => ({ path }),
    recentProjects: () => [],
    forgetRecentProject: () => [],
    listDirectory: ({ path }) => ({ path, parent: null, entries: [] }),
    ...trainingNotServed,
  };
}

/** These tests are about the connection; training calls are refused as a host without a worker would. */
const notServed = (): never => {
  throw new Error('this fake host does not train');
};
const trainingNotServed = {
  startTraining: notServed,
  pauseTraining: notServed,
  resumeTraining: notServed,
  stepTraining: notServed,
  stopTraining: notServed,
  activeTraining: notServed,
  listRuns: notServed,
  getRun: notServed,
  restoreRunWeights: notServed,
  predict: notServed,
  predictText: notServed,
  exportRunModel: notServed,
  exportProject: notServed,
  downloadExport: notServed,
  nodeEmbeddings: notServed,
  attentionMaps: notServed,
  generateText: notServed,
  // Nor does it keep window state, recovery files or native dialogs.
  reportWindowState: notServed,
  saveRecovery: notServed,
  clearRecovery: notServed,
  listRecoveries: notServed,
  recoverProject: notServed,
  discardRecovery: notServed,
  chooseFile: notServed,
  importModel: notServed,
  // Nor datasets.
  importDataset: notServed,
  previewDataset: notServed,
  listBuiltinDatasets: notServed,
  checkDatasetFiles: notServed,
} satisfies Partial<HostImplementation>;

function harness() {
  const servers: { transport: MessageTransport; connection: ServedConnection<typeof hostService> }[] = [];
  const host = createReconnectingHost(() => {
    const [clientEnd, serverEnd] = createMemoryTransportPair();
    servers.push({ transport: serverEnd, connection: serve(hostService, fakeHost(servers.length + 1), serverEnd) });
    return createClient(hostService, clientEnd);
  });
  return { host, servers };
}

const recent = (path: string): RecentProject[] => [{ path, name: 'n', lastOpened: '2026-01-01T00:00:00.000Z', exists: true }];

describe('the page HostApi client', () => {
  it('derives the socket address from the page address', () => {
    expect(hostUrlForPage('http://127.0.0.1:4717/')).toBe('ws://127.0.0.1:4717/api');
    expect(hostUrlForPage('http://localhost:4717/start?project=a#x')).toBe('ws://localhost:4717/api');
    expect(hostUrlForPage('https://example.test/app/')).toBe('wss://example.test/api');
  });

  it('reconnects on the next call after the host went away, and reports the loss once', async () => {
    const { host, servers } = harness();
    const losses: string[] = [];
    host.onDisconnect((reason) => losses.push(reason));
    expect((await host.hostInfo()).version).toBe('connection 1');
    servers[0]!.transport.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(losses).toEqual(['the other end closed the connection']);
    expect((await host.hostInfo()).version).toBe('connection 2');
    expect(servers).toHaveLength(2);
  });

  it('keeps event listeners across reconnections and stops delivering once disposed', async () => {
    const { host, servers } = harness();
    const seen: string[] = [];
    const subscription = host.on('recentProjectsChanged', (list) => seen.push(list[0]!.path));
    await host.hostInfo();
    servers[0]!.connection.emit('recentProjectsChanged', recent('/a'));
    await host.hostInfo();
    servers[0]!.transport.close();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await host.hostInfo();
    servers[1]!.connection.emit('recentProjectsChanged', recent('/b'));
    await host.hostInfo();
    subscription.dispose();
    servers[1]!.connection.emit('recentProjectsChanged', recent('/c'));
    await host.hostInfo();
    expect(seen).toEqual(['/a', '/b']);
  });

  it('still refuses bad params before sending', async () => {
    const { host, servers } = harness();
    await expect((host as HostApi).openProject({ path: '' })).rejects.toMatchObject({
      code: 'invalid-params',
      message: 'host.openProject: invalid params — path: a path cannot be empty',
    });
    expect(servers).toHaveLength(1);
  });
});
