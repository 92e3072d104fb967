import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../../../shared/graph/document';
import type { ExportDownload, HostInfo, ModelExportResult } from '../../../shared/host-api';
import { exportModel, type ExportEnv } from './export-commands';

const info = (mode: HostInfo['mode']): HostInfo => ({ mode, version: '0', platform: 'linux', homeDir: '/home/ada', cwd: '/srv/nn-designer', pathSeparator: '/' }) as HostInfo;

const written: ModelExportResult = {
  directory: '/home/ada/projects/model',
  files: ['/home/ada/projects/model/model.json', '/home/ada/projects/model/weights.bin'],
  format: 'tfjs',
  mainFile: '/home/ada/projects/model/model.json',
  weights: 'trained',
  params: 12,
  trainScript: false,
  trainScriptMissing: null,
  trainingProblems: [],
  ganNetworks: false,
};

const zipBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00]);
const downloaded: ExportDownload = {
  fileName: 'my-mlp-tfjs.zip',
  mimeType: 'application/zip',
  base64: Buffer.from(zipBytes).toString('base64'),
  entries: ['model.json', 'weights.bin'],
  mainFile: 'model.json',
  format: 'tfjs',
  weights: 'initial',
  params: 12,
  trainScript: false,
  trainScriptMissing: null,
  trainingProblems: [],
  ganNetworks: false,
};

/** A host and a computer that record what exporting asked of them. */
function fakeEnv(mode: HostInfo['mode'], picked: string | null = '/home/ada/projects/model') {
  const calls = { host: [] as Array<[string, unknown]>, downloads: [] as Array<{ fileName: string; bytes: number[]; mimeType?: string }>, pickedFrom: [] as string[] };
  const env: ExportEnv = {
    host: {
      exportRunModel: async (params) => (calls.host.push(['exportRunModel', params]), written),
      exportProject: async (params) => (calls.host.push(['exportProject', params]), written),
      downloadExport: async (params) => (calls.host.push(['downloadExport', params]), downloaded),
    },
    info: async () => info(mode),
    files: {
      download: (fileName, contents, mimeType) => calls.downloads.push({ fileName, bytes: typeof contents === 'string' ? [] : Array.from(contents), mimeType }),
      upload: async () => null,
    },
    pickFolder: async (start, proposed) => (calls.pickedFrom.push(`${start} ${proposed}`), picked),
  };
  return { env, calls };
}

const document = emptyDocument('My MLP');

describe('exporting a model', () => {
  it('in browser mode downloads the archive the host sends, byte for byte, without touching a folder', async () => {
    const { env, calls } = fakeEnv('browser');
    const outcome = await exportModel({ source: { kind: 'project' }, format: 'tfjs', document, filePath: '/srv/p/my.nnd.json' }, env);
    expect(calls.pickedFrom).toEqual([]);
    expect(calls.host).toEqual([['downloadExport', { source: { kind: 'project', document, projectPath: '/srv/p/my.nnd.json' }, format: 'tfjs' }]]);
    expect(calls.downloads).toEqual([{ fileName: 'my-mlp-tfjs.zip', bytes: Array.from(zipBytes), mimeType: 'application/zip' }]);
    expect(outcome).toEqual({ kind: 'downloaded', download: expect.objectContaining({ fileName: 'my-mlp-tfjs.zip', entries: ['model.json', 'weights.bin'] }) });
    expect(outcome?.kind === 'downloaded' && 'base64' in outcome.download).toBe(false);
  });

  it('in browser mode a run downloads its trained model', async () => {
    const { env, calls } = fakeEnv('browser');
    await exportModel({ source: { kind: 'run', runId: 'r1' }, format: 'pytorch', document, filePath: null }, env);
    expect(calls.host).toEqual([['downloadExport', { source: { kind: 'run', runId: 'r1' }, format: 'pytorch' }]]);
  });

  it('in the desktop app writes into the folder the person picks, starting beside the project', async () => {
    const { env, calls } = fakeEnv('desktop');
    const outcome = await exportModel({ source: { kind: 'run', runId: 'r1' }, format: 'pytorch', document, filePath: '/home/ada/projects/my.nnd.json' }, env);
    expect(calls.pickedFrom).toEqual(['/home/ada/projects pytorch-model']);
    expect(calls.host).toEqual([['exportRunModel', { runId: 'r1', directory: '/home/ada/projects/model', format: 'pytorch' }]]);
    expect(calls.downloads).toEqual([]);
    expect(outcome).toEqual({ kind: 'written', result: written });
  });

  it('does nothing when the person cancels the folder picker', async () => {
    const { env, calls } = fakeEnv('desktop', null);
    expect(await exportModel({ source: { kind: 'project' }, format: 'keras', document, filePath: null }, env)).toBeNull();
    expect(calls.pickedFrom).toEqual(['/home/ada keras-model']);
    expect(calls.host).toEqual([]);
  });
});
