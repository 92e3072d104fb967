import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntry, DirectoryListing } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { hostErrorText } from '../i18n/said-text';
import { Icon } from '../shell/icons';
import { useFileDialog } from './file-dialog-store';
import { getHostInfo } from './project-commands';
import { joinPath, projectFileName } from './paths';

/**
 * The page's own file picker for browser mode: it browses the host's folders through
 * listDirectory, so the page never touches the file system itself.
 */
export function FileDialog() {
  const request = useFileDialog((s) => s.request);
  if (!request) return null;
  return <FileDialogBox key={`${request.mode}:${request.folder}`} />;
}

function FileDialogBox() {
  const { t } = useTranslation();
  const request = useFileDialog((s) => s.request)!;
  const finish = useFileDialog((s) => s.finish);
  const [folder, setFolder] = useState(request.folder);
  const [folderDraft, setFolderDraft] = useState(request.folder);
  const [listing, setListing] = useState<DirectoryListing | null>(null);
  // The host's error itself, said in the interface language when shown.
  const [error, setError] = useState<unknown>(null);
  const [fileName, setFileName] = useState(request.fileName);
  const [separator, setSeparator] = useState('/');
  const saving = request.mode === 'save';
  const choosingFolder = request.mode === 'folder';
  const extensions = request.extensions;

  useEffect(() => {
    void getHostInfo().then((info) => setSeparator(info.pathSeparator), () => undefined);
  }, []);

  useEffect(() => {
    let current = true;
    setError(null);
    getHost()
      .listDirectory({ path: folder, showHidden: false })
      .then((result) => {
        if (!current) return;
        setListing(result);
        // Show the folder as the host spells it, unless the person is already typing another.
        setFolderDraft((draft) => (draft === folder ? result.path : draft));
      })
      .catch((err: unknown) => current && setError(err ?? new Error('unknown')));
    return () => {
      current = false;
    };
  }, [folder]);

  const shown = (e: DirectoryEntry) =>
    e.kind === 'directory' || (!choosingFolder && (extensions ? extensions.some((x) => e.name.toLowerCase().endsWith(x)) : e.isProject));
  const entries = (listing?.entries ?? []).filter(shown);
  const here = listing?.path ?? folder;
  const target = choosingFolder
    ? fileName.trim() ? joinPath(here, fileName.trim(), separator) : here
    : fileName.trim() ? joinPath(here, saving ? projectFileName(fileName) : fileName.trim(), separator) : null;
  const title = saving ? t('fileDialog.saveTitle') : choosingFolder ? t('fileDialog.folderTitle') : t('fileDialog.openTitle');

  const confirm = () => {
    if (!target) return;
    if (saving) {
      const existing = entries.find((e) => e.kind === 'file' && e.name === projectFileName(fileName));
      if (existing && !window.confirm(t('fileDialog.overwrite', { name: existing.name }))) return;
    }
    finish(target);
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && finish(null)}>
      <div className="modal" role="dialog" aria-label={title} data-testid="file-dialog" onKeyDown={(e) => e.key === 'Escape' && finish(null)}>
        <div className="modal-header">{title}</div>
        <div className="modal-body">
          <div className="file-path">
            <button className="btn icon" disabled={!listing?.parent} onClick={() => listing?.parent && setFolder(listing.parent)} title={t('fileDialog.up')} aria-label={t('fileDialog.up')}>
              <Icon name="up" />
            </button>
            <input
              className="input"
              aria-label={t('fileDialog.folder')}
              value={folderDraft}
              onChange={(e) => setFolderDraft(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && setFolder(folderDraft)}
              data-testid="file-dialog-folder"
            />
          </div>
          <div className="file-list" role="listbox">
            {error !== null && <div className="field-error" style={{ padding: 10 }}>{t('fileDialog.listFailed', { message: hostErrorText(t, error) })}</div>}
            {error === null && listing && entries.length === 0 && <div className="palette-empty">{t('fileDialog.empty')}</div>}
            {entries.map((entry) => (
              <div
                key={entry.path}
                className={`file-row${entry.name === fileName ? ' active' : ''}`}
                role="option"
                aria-selected={entry.name === fileName}
                data-testid="file-row"
                data-name={entry.name}
                onClick={() => (entry.kind === 'directory' ? setFolder(entry.path) : setFileName(entry.name))}
                onDoubleClick={() => entry.kind === 'file' && finish(entry.path)}
              >
                <Icon name={entry.kind === 'directory' ? 'folder' : 'file'} />
                {entry.name}
              </div>
            ))}
          </div>
          <label className="field">
            <span className="field-label">{choosingFolder ? t('fileDialog.newFolder') : t('fileDialog.fileName')}</span>
            <input className="input" value={fileName} onChange={(e) => setFileName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && confirm()} data-testid="file-dialog-name" autoFocus />
          </label>
        </div>
        <div className="modal-footer">
          <button className="btn" onClick={() => finish(null)}>
            {t('fileDialog.cancel')}
          </button>
          <button className="btn primary" disabled={!target} onClick={confirm} data-testid="file-dialog-confirm">
            {saving ? t('fileDialog.save') : choosingFolder ? t('fileDialog.chooseFolder') : t('fileDialog.open')}
          </button>
        </div>
      </div>
    </div>
  );
}
