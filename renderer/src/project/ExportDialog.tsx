import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/export/formats';
import { getHost } from '../host/client';
import { selectDocument, useEditor } from '../store/editor-store';
import { exportModel, type ExportEnv, type ExportOutcome } from './export-commands';
import { ganNetworksNote, trainScriptNote } from './export-notes';
import { useExportDialog } from './export-dialog-store';
import { useFileDialog } from './file-dialog-store';
import { pageFileTransfer } from './file-transfer';
import { getHostInfo } from './project-commands';
import { hostErrorMessage } from '../i18n/said-text';

const messageOf = (err: unknown) => hostErrorMessage(err);

function pageExportEnv(): ExportEnv {
  return {
    host: getHost(),
    info: getHostInfo,
    files: pageFileTransfer(),
    pickFolder: (start, proposedName) => useFileDialog.getState().pick('folder', start, proposedName),
  };
}

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
  const [result, setResult] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [inBrowser, setInBrowser] = useState(false);

  useEffect(() => {
    let live = true;
    getHostInfo().then(
      (info) => live && setInBrowser(info.mode === 'browser'),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  // A fresh dialog shows no earlier export's outcome.
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [source]);

  if (!source) return null;

  const exportTo = async () => {
    setError(null);
    setResult(null);
    setBusy(true);
    try {
      setResult(await exportModel({ source, format, document: selectDocument(useEditor.getState()), filePath }, pageExportEnv()));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const exported = result?.kind === 'written' ? result.result : result?.kind === 'downloaded' ? result.download : null;
  const note = exported && trainScriptNote(t, exported);
  const ganNote = exported && ganNetworksNote(t, exported);
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
          {result?.kind === 'written' && (
            <p className="field-hint ok" data-testid="export-done" data-files={result.result.files.length}>
              {t('training.exported', { path: result.result.mainFile })}
            </p>
          )}
          {result?.kind === 'downloaded' && (
            <p className="field-hint ok" data-testid="export-done" data-files={result.download.entries.length}>
              {t('exportDialog.downloaded', { fileName: result.download.fileName, files: result.download.entries.length, mainFile: result.download.mainFile })}
            </p>
          )}
          {ganNote && (
            <p className="field-hint" data-testid="export-gan-networks">
              {ganNote}
            </p>
          )}
          {note && (
            <div className="field-hint export-no-train" data-testid="export-no-train-script">
              <p>{note.summary}</p>
              {note.problems.length > 0 && (
                <ul className="export-problems">
                  {note.problems.map((text, i) => (
                    <li key={i}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
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
            {inBrowser ? t('exportDialog.download') : t('exportDialog.chooseFolder')}
          </button>
        </div>
      </div>
    </div>
  );
}
