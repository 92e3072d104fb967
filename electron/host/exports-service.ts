import path from 'node:path';
import { HOST_ERROR_CODES, HostError, type HostImplementation } from '../../shared/host-api';
import type { ModelExportRequest } from './model-export';
import type { RunHistory } from './run-history-service';

export type ExportMethods = Pick<HostImplementation, 'exportRunModel' | 'exportProject'>;

/**
 * Exports for the HostApi: a trained run's model, or a project as it stands (with the weights
 * it points at, if any), as TensorFlow.js files, PyTorch code or Keras code.
 */
export function createExportMethods(options: { cwd: string; history: RunHistory }): ExportMethods {
  const { cwd, history } = options;
  return {
    async exportRunModel({ runId, directory, format }) {
      const kept = await history.find(runId);
      const record = kept.record;
      return writeExport(
        {
          document: record.document,
          format,
          outDir: path.resolve(cwd, directory),
          weightsDir: history.trainedModelDir(kept),
          baseDir: record.projectPath ? path.dirname(record.projectPath) : cwd,
        },
        `the model of run ${runId}`,
      );
    },

    async exportProject({ document, projectPath, directory, format }) {
      const project = projectPath === undefined ? null : path.resolve(cwd, projectPath);
      const baseDir = project ? path.dirname(project) : cwd;
      return writeExport(
        { document, format, outDir: path.resolve(cwd, directory), weightsDir: document.weights ? path.resolve(baseDir, document.weights.path) : null, baseDir },
        document.name,
      );
    },
  };
}

/** One export for both calls; its failures become host errors that say what to change. */
async function writeExport(request: ModelExportRequest, what: string) {
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
