import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { LANGUAGES, setLanguage, type LanguageCode } from '../i18n';
import { selectDocument, selectIsDirty, useEditor } from '../store/editor-store';
import { setTheme, useTheme } from './theme';
import { BrandMark, Icon } from './icons';
import { useProjectCommands } from '../project/project-commands';
import { openExportDialog } from '../project/export-dialog-store';
import { useTraining } from '../training/training-store';
import { RunButton } from '../training/RunButton';
import { autoLayout, useLayoutRunning } from '../canvas/auto-layout';
import { fitReadable } from '../canvas/fit-view';
import { measuredSizes } from '../canvas/measured';
import { groupSelection, ungroupSelection, selectedGroupId } from '../canvas/group-commands';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';

/** The project name, committed as one edit when the person leaves the field (not one per keystroke). */
function ProjectName({ name, label, onCommit }: { name: string; label: string; onCommit(name: string): void }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const commit = () => {
    const trimmed = draft.trim();
    if (trimmed && trimmed !== name) onCommit(trimmed);
    else setDraft(name);
  };
  return (
    <input
      className="project-name"
      aria-label={label}
      value={draft}
      data-testid="project-name"
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') setDraft(name);
      }}
    />
  );
}

export function TopBar() {
  const { t, i18n } = useTranslation();
  const page = useEditor((s) => s.page);
  const doc = useEditor(selectDocument);
  const dirty = useEditor(selectIsDirty);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const selectionSize = useEditor((s) => s.selection.nodes.length);
  const groupSelected = useEditor((s) => selectedGroupId(s) !== null);
  const { undo, redo, setPage, edit } = useEditor.getState();
  const theme = useTheme();
  const trainingOpen = useTraining((s) => s.open);
  const project = useProjectCommands();
  const flow = useReactFlow();
  const layoutRunning = useLayoutRunning((s) => s.running);
  const inEditor = page === 'editor';
  const hint = (action: string, keys: string) => t('topbar.shortcutHint', { action, keys });

  return (
    <header className="topbar">
      <div className="brand" title={t('app.name')}>
        <BrandMark className="brand-mark" />
        {/* In the editor the mark alone: the room goes to the file actions and Train. */}
        {!inEditor && t('app.name')}
      </div>
      {inEditor && (
        <>
          <button className="btn ghost icon" onClick={() => setPage('start')} title={t('topbar.home')} aria-label={t('topbar.home')} data-testid="topbar-home">
            <Icon name="home" />
          </button>
          <ProjectName name={doc.name} onCommit={(name) => edit((d) => ({ ...d, name }))} label={t('topbar.projectName')} />
          {dirty && <span className="dirty-dot" title={t('topbar.unsaved')} aria-label={t('topbar.unsaved')} data-testid="dirty-marker" />}
          <div className="divider" />
        </>
      )}
      <button className={`btn ghost${inEditor ? ' icon' : ''}`} onClick={() => void project.newProject()} title={hint(t('topbar.new'), `${mod}+N`)} aria-label={t('topbar.new')} data-testid="menu-new">
        <Icon name="file" />
        {!inEditor && t('topbar.new')}
      </button>
      <button className={`btn ghost${inEditor ? ' icon' : ''}`} onClick={() => void project.openWithDialog()} title={hint(t('topbar.open'), `${mod}+O`)} aria-label={t('topbar.open')} data-testid="menu-open">
        <Icon name="folder" />
        {!inEditor && t('topbar.open')}
      </button>
      {inEditor && (
        <>
          <button className="btn ghost icon" onClick={() => void project.save()} title={hint(t('topbar.save'), `${mod}+S`)} aria-label={t('topbar.save')} data-testid="menu-save">
            <Icon name="save" />
          </button>
          <button className="btn ghost" onClick={() => void project.saveAs()} title={hint(t('topbar.saveAs'), `${mod}+Shift+S`)} data-testid="menu-save-as">
            {t('topbar.saveAs')}
          </button>
          <button className="btn ghost" onClick={openExportDialog} title={t('topbar.exportHint')} data-testid="menu-export">
            {t('topbar.export')}
          </button>
          <div className="divider" />
          <button className="btn ghost icon" onClick={undo} disabled={!canUndo} title={hint(t('topbar.undo'), `${mod}+Z`)} aria-label={t('topbar.undo')} data-testid="undo">
            <Icon name="undo" />
          </button>
          <button className="btn ghost icon" onClick={redo} disabled={!canRedo} title={hint(t('topbar.redo'), `${mod}+Shift+Z`)} aria-label={t('topbar.redo')} data-testid="redo">
            <Icon name="redo" />
          </button>
          <div className="divider" />
          <button onClick={() =>
              // The canvas needs a render with the new positions before fitting them.
              void autoLayout(measuredSizes(flow.getNodes())).then(() => setTimeout(() => void fitReadable(flow), 60))
            } disabled={layoutRunning} aria-busy={layoutRunning} title={t('topbar.autoLayout')} aria-label={t('topbar.autoLayout')} className="btn ghost icon" data-testid="auto-layout">
            <Icon name="layout" />
          </button>
          <button className="btn ghost icon" onClick={() => void fitReadable(flow)} title={t('topbar.fitView')} aria-label={t('topbar.fitView')} data-testid="fit-view">
            <Icon name="fit" />
          </button>
          {groupSelected ? (
            <button className="btn ghost icon" onClick={ungroupSelection} title={hint(t('topbar.ungroup'), `${mod}+Shift+G`)} aria-label={t('topbar.ungroup')} data-testid="ungroup">
              <Icon name="ungroup" />
            </button>
          ) : (
            <button className="btn ghost icon" onClick={() => groupSelection(t)} disabled={selectionSize < 2} title={hint(t('topbar.group'), `${mod}+G`)} aria-label={t('topbar.group')} data-testid="group">
              <Icon name="group" />
            </button>
          )}
        </>
      )}
      {inEditor && (
        <>
          <div className="divider" />
          <button
            className={`btn icon ${trainingOpen ? 'primary' : 'ghost'}`}
            onClick={() => useTraining.getState().toggle()}
            title={hint(t('topbar.training'), `${mod}+T`)}
            aria-label={t('topbar.training')}
            aria-pressed={trainingOpen}
            data-testid="toggle-training"
          >
            <Icon name="chart" />
          </button>
        </>
      )}
      <div className="spacer" />
      {inEditor && <RunButton />}
      <label className="btn ghost" title={t('topbar.language')}>
        <Icon name="globe" />
        <select
          aria-label={t('topbar.language')}
          value={i18n.language}
          onChange={(e) => setLanguage(e.target.value as LanguageCode)}
          style={{ border: 'none', background: 'transparent', outline: 'none', cursor: 'pointer' }}
          data-testid="language"
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <button
        className="btn ghost icon"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        title={theme === 'dark' ? t('topbar.themeLight') : t('topbar.themeDark')}
        aria-label={t('theme.toggle')}
        data-testid="theme-toggle"
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
    </header>
  );
}
