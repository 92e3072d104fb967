import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { ExportFormat } from '../../shared/export/formats';
import { hostMessage, hostText } from '../../shared/host-messages';
import { EXPORT_DOWNLOAD_LIMIT_BYTES, HOST_ERROR_CODES, HostError, type ExportDownload, type ExportSource, type HostImplementation } from '../../shared/host-api';
import type { ModelExport, ModelExportRequest } from './model-export';
import type { RunHistory } from './run-history-service';

export type ExportMethods = Pick<HostImplementation, 'exportRunModel' | 'exportProject' | 'downloadExport'>;

/**
 * Exports for the HostApi: a trained run's model, or a project as it stands (with the weights
 * it points at, if any), as TensorFlow.js files, PyTorch code or Keras code.
 */
export function createExportMethods(options: { cwd: string; history: RunHistory }): ExportMethods {
  const { cwd, history } = options;

  /** Writes `source`'s model into `outDir`; also says the model's name, for the download's. */
  async function exportSource(source: ExportSource, outDir: string, format: ExportFormat): Promise<{ result: ModelExport; name: string }> {
    if (source.kind === 'run') {
      const kept = await history.find(source.runId);
      const record = kept.record;
      const request = {
        document: record.document,
        format,
        outDir,
        weightsDir: history.trainedModelDir(kept),
        baseDir: record.projectPath ? path.dirname(record.projectPath) : cwd,
      };
      return { result: await writeExport(request, `the model of run ${source.runId}`), name: record.document.name };
    }
    const { document, projectPath } = source;
    const baseDir = projectPath === undefined ? cwd : path.dirname(path.resolve(cwd, projectPath));
    const weightsDir = document.weights ? path.resolve(baseDir, document.weights.path) : null;
    return { result: await writeExport({ document, format, outDir, weightsDir, baseDir }, document.name), name: document.name };
  }

  return {
    async exportRunModel({ runId, directory, format }) {
      return (await exportSource({ kind: 'run', runId }, path.resolve(cwd, directory), format)).result;
    },

    async exportProject({ document, projectPath, directory, format }) {
      return (await exportSource({ kind: 'project', document, ...(projectPath === undefined ? {} : { projectPath }) }, path.resolve(cwd, directory), format)).result;
    },

    async downloadExport({ source, format }) {
      const temporary = await mkdtemp(path.join(os.tmpdir(), 'nnd-export-'));
      try {
        const { result, name } = await exportSource(source, path.join(temporary, 'model'), format);
        return await packExport(result, downloadName(name, format));
      } finally {
        await rm(temporary, { recursive: true, force: true });
      }
    },
  };
}

const MEGABYTE = 1024 * 1024;

/** A file name from the model's name: letters, digits, dashes; `model` when nothing is left. */
export function downloadName(modelName: string, format: ExportFormat): string {
  const base = modelName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'model'}-${format}`;
}

/** The written export as one download: the only file as it is, else a zip of the folder (weights stored, text deflated). */
export async function packExport(result: ModelExport, name: string, limitBytes = EXPORT_DOWNLOAD_LIMIT_BYTES): Promise<ExportDownload> {
  const entries = result.files.map((file) => ({ file, entry: path.relative(result.directory, file).split(path.sep).join('/') }));
  const sizes = await Promise.all(entries.map(({ file }) => stat(file).then((s) => s.size)));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > limitBytes) {
    const text = hostText('exportTooLarge', { size: Math.ceil(total / MEGABYTE), limit: Math.floor(limitBytes / MEGABYTE) });
    throw new HostError(hostMessage(text), HOST_ERROR_CODES.exportRefused, undefined, undefined, { host: text });
  }
  const summary = {
    format: result.format,
    weights: result.weights,
    params: result.params,
    trainScript: result.trainScript,
    trainScriptMissing: result.trainScriptMissing,
    trainingProblems: result.trainingProblems,
    ganNetworks: result.ganNetworks,
    mainFile: path.relative(result.directory, result.mainFile).split(path.sep).join('/'),
    entries: entries.map((e) => e.entry),
  };
  if (entries.length === 1) {
    const only = entries[0]!;
    const mimeType = only.entry.endsWith('.json') ? 'application/json' : only.entry.endsWith('.py') ? 'text/x-python' : 'application/octet-stream';
    return { ...summary, fileName: only.entry, mimeType, base64: (await readFile(only.file)).toString('base64') };
  }
  const zippable: Zippable = {};
  for (const { file, entry } of entries) zippable[entry] = [await readFile(file), { level: entry.endsWith('.bin') ? 0 : 6 }];
  return { ...summary, fileName: `${name}.zip`, mimeType: 'application/zip', base64: Buffer.from(zipSync(zippable)).toString('base64') };
}

/** One export for both calls; its failures become host errors that say what to change. */
async function writeExport(request: ModelExportRequest, what: string): Promise<ModelExport> {
  const label = { tfjs: 'TensorFlow.js files', pytorch: 'PyTorch code', keras: 'Keras code' }[request.format];
  // Like predict's, the exporters (and tfjs under them) load on first use.
  const [{ exportModel, ModelExportError }, { CompileError }, { ExportRefusedError }] = await Promise.all([
    import('./model-export'),
    import('../../shared/compile/compile'),
    import('../../shared/export/common/refused'),
  ]);
  try {
    return await exportModel(request);
  } catch (err) {
    if (err instanceof CompileError)
      throw new HostError(`${what} cannot be exported: ${err.problems.map((p) => p.message).join('; ')}`, HOST_ERROR_CODES.exportRefused);
    if (err instanceof ExportRefusedError) {
      const names = new Map(request.document.nodes.map((n) => [n.id, n.name]));
      throw new HostError(`${what} cannot be exported as ${label}: ${err.problems.map((p) => `${names.get(p.nodeId) ?? p.nodeId}: ${p.message}`).join('; ')}`, HOST_ERROR_CODES.exportRefused);
    }
    if (err instanceof ModelExportError) throw new HostError(`cannot export ${what}: ${err.message}`, HOST_ERROR_CODES.exportRefused);
    throw new HostError(`cannot export ${what} to ${request.outDir}: ${(err as Error).message} — choose another folder`, HOST_ERROR_CODES.fileSystem);
  }
}
