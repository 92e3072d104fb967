import type { ExportFormat } from '../../../shared/export/formats';
import type { GraphDocument } from '../../../shared/graph/document';
import type { ExportDownload, HostApi, HostInfo, ModelExportResult } from '../../../shared/host-api';
import type { ExportSource } from './export-dialog-store';
import { bytesOfBase64, type FileTransfer } from './file-transfer';
import { startFolderFor } from './project-commands';

/** The folder name the picker proposes for each format. */
const FOLDER_NAMES: Record<ExportFormat, string> = { tfjs: 'model', pytorch: 'pytorch-model', keras: 'keras-model' };

/** What exporting needs from around it; the page's own in the dialog, fakes in tests. */
export interface ExportEnv {
  host: Pick<HostApi, 'exportRunModel' | 'exportProject' | 'downloadExport'>;
  info(): Promise<HostInfo>;
  /** Browser mode: the export downloads to the person's computer. */
  files: FileTransfer;
  /** A folder on the host's disk (the desktop's native dialog, else the page's file browser); null when cancelled. */
  pickFolder(start: string, proposedName: string): Promise<string | null>;
}

/** What an export did: files written into a folder the person chose, or one file downloaded. */
export type ExportOutcome = { kind: 'written'; result: ModelExportResult } | { kind: 'downloaded'; download: Omit<ExportDownload, 'base64'> };

export interface ExportRequest {
  source: ExportSource;
  format: ExportFormat;
  /** The open project as it stands, and where it is saved (null: not saved). */
  document: GraphDocument;
  filePath: string | null;
}

/**
 * Writes the model of a run or of the open project. In browser mode the person's disk is
 * not the server's: the host sends the export back as one file (a zip) and the page
 * downloads it. Elsewhere the person picks a folder. Null when they cancelled the picker.
 */
export async function exportModel(request: ExportRequest, env: ExportEnv): Promise<ExportOutcome | null> {
  const { source, format, document, filePath } = request;
  const info = await env.info();
  if (info.mode === 'browser') {
    const hostSource =
      source.kind === 'run' ? { kind: 'run' as const, runId: source.runId } : { kind: 'project' as const, document, ...(filePath ? { projectPath: filePath } : {}) };
    const { base64, ...download } = await env.host.downloadExport({ source: hostSource, format });
    env.files.download(download.fileName, bytesOfBase64(base64), download.mimeType);
    return { kind: 'downloaded', download };
  }
  const directory = await env.pickFolder(startFolderFor(filePath, info), FOLDER_NAMES[format]);
  if (!directory) return null;
  const result =
    source.kind === 'run'
      ? await env.host.exportRunModel({ runId: source.runId, directory, format })
      : await env.host.exportProject({ document, ...(filePath ? { projectPath: filePath } : {}), directory, format });
  return { kind: 'written', result };
}
