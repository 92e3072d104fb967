import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/export/formats';
import type { ModelExportResult } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { selectDocument, useEditor } from '../store/editor-store';
import { useExportDialog } from './export-dialog-store';
import { useFileDialog } from './file-dialog-store';
import { getHostInfo, startFolderFor } from './project-commands';
import { hostErrorMessage } from '../i18n/said-text';

/** The folder name the picker proposes for each format. */
const FOLDER_NAMES: Record<ExportFormat, string> = { tfjs: 'model', pytorch: 'pytorch-model', keras: 'keras-model' };

const messageOf = (err: unknown) => hostErrorMessage(err);

/**
 * Export model: TensorFlow.js files, PyTorch code or Keras code, for a trained run (from the
 * training panel, or the menu after a run) or for the open project without a run. Every
 * format carries the same weights.
 */
export function ExportDialog() {
  const { t } = useTranslation();
  const source = useExportDialog((s) => s.source);
  const close = useExportDialog((s) => s.close);
  const filePath = useEditor((s) => s.filePath);
  const seed = useEditor((s) => selectDocument(s).training.seed);
  const savedWeights = useEditor((s) => selectDocument(s).weights !== undefined);
  const [format, setFormat] = useState<ExportFormat>('tfjs');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ModelExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A fresh dialog shows no earlier export's outcome.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [source]);

  if (!source) return null;

  const exportTo = async () => {
    setError(null);
    setResult(null);
    try {
      const info = await getHostInfo();
      const start = startFolderFor(filePath, info);
      const directory = await useFileDialog.getState().pick('folder', start, FOLDER_NAMES[format]);
      if (!directory) return;
      setBusy(true);
      const host = getHost();
      setResult(
        source.kind === 'run'
          ? await host.exportRunModel({ runId: source.runId, directory, format })
          : await host.exportProject({ document: selectDocument(useEditor.getState()), ...(filePath ? { projectPath: filePath } : {}), directory, format }),
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const weightsText =
    source.kind === 'run' ? t('exportDialog.fromRun') : savedWeights ? t('exportDialog.fromSavedWeights') : t('exportDialog.fromSeed', { seed });
  const formatText: Record<ExportFormat, { label: string; hint: string }> = {
    tfjs: { label: t('exportDialog.tfjs'), hint: t('exportDialog.tfjsHint') },
    pytorch: { label: t('exportDialog.pytorch'), hint: t('exportDialog.pytorchHint') },
    keras: { label: t('exportDialog.keras'), hint: t('exportDialog.kerasHint') },
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="modal" role="dialog" aria-label={t('exportDialog.title')} data-testid="export-dialog" onKeyDown={(e) => e.key === 'Escape' && close()}>
        <div className="modal-header">{t('exportDialog.title')}</div>
        <div className="modal-body">
          <p className="field-hint" data-testid="export-weights">
            {weightsText}
          </p>
          <div className="field" role="radiogroup" aria-label={t('exportDialog.format')}>
            <span className="field-label">{t('exportDialog.format')}</span>
            {EXPORT_FORMATS.map((f) => (
              <label key={f} className="export-format">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
                <span>
                  <strong>{formatText[f].label}</strong>
                  <span className="field-hint"> — {formatText[f].hint}</span>
                </span>
              </label>
            ))}
          </div>
          {result && (
            <p className="field-hint ok" data-testid="export-done" data-files={result.files.length}>
              {t('training.exported', { path: result.mainFile })}
              {result.format === 'pytorch' && !result.trainScript && ` ${t('exportDialog.noTrainScript')}`}
            </p>
          )}
          {error && (
            <div className="field-error" data-testid="export-error">
              {error}
            </div>
          )}
        </div>
        <div className="modal-footer">
          <button className="btn" onClick={close} data-testid="export-close">
            {result ? t('exportDialog.done') : t('exportDialog.cancel')}
          </button>
          <button className="btn primary" disabled={busy} onClick={() => void exportTo()} data-testid="export-confirm">
            {t('exportDialog.chooseFolder')}
          </button>
        </div>
      </div>
    </div>
  );
}
