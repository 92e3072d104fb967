import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExampleProject, RecentProject } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { useEditor } from '../store/editor-store';
import { useProjectCommands } from '../project/project-commands';
import { BrandMark, Icon } from '../shell/icons';
import { GraphThumbnail } from './GraphThumbnail';
import { templateText } from '../i18n/templates';
import { BuiltinDatasets } from '../dataset/BuiltinDatasets';
import { catalog } from '../store/catalog';
import { inCourseOrder } from './course-order';

type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string };

function useHostList<T>(load: () => Promise<T>, subscribe?: (set: (value: T) => void) => () => void): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setLoaded({ state: 'ready', value }),
      (err: unknown) => current && setLoaded({ state: 'failed', message: (err as Error).message }),
    );
    const unsubscribe = subscribe?.((value) => current && setLoaded({ state: 'ready', value }));
    return () => {
      current = false;
      unsubscribe?.();
    };
    // The loaders are module-level host calls: load once per mount.
  }, []);
  return loaded;
}

export function StartPage() {
  const { t } = useTranslation();
  const project = useProjectCommands();
  const hasProject = useEditor((s) => s.documentSession > 0);
  const setPage = useEditor((s) => s.setPage);
  const examples = useHostList(() => getHost().listExamples());
  const recent = useHostList(
    () => getHost().recentProjects(),
    (set) => {
      const subscription = getHost().on('recentProjectsChanged', set);
      return () => subscription.dispose();
    },
  );

  return (
    <div className="start" data-testid="start-page">
      <div className="start-inner">
        <div className="start-hero">
          <BrandMark className="brand-mark" />
          <div>
            <h1>{t('app.name')}</h1>
            <p>{t('start.tagline')}</p>
          </div>
          <div className="start-hero-actions">
            {hasProject && (
              <button className="btn" onClick={() => setPage('editor')} data-testid="back-to-project">
                {t('start.continue')}
              </button>
            )}
            <button className="btn" onClick={() => void project.openWithDialog()} data-testid="start-open">
              <Icon name="folder" />
              {t('start.open')}
            </button>
          </div>
        </div>

        <div className="start-columns">
        <section>
        <h2>{t('start.templates')}</h2>
        <div className="card-grid">
          <button className="card blank" onClick={() => void project.newProject()} data-testid="new-blank-project">
            <div className="card-thumb">
              <Icon name="plus" />
            </div>
            <div className="card-body">
              <div className="card-title">{t('start.newBlank')}</div>
              <div className="card-desc">{t('start.newBlankBody')}</div>
            </div>
          </button>
          {examples.state === 'ready' &&
            inCourseOrder(examples.value, catalog).map((example) => <TemplateCard key={example.file} example={example} onOpen={() => void project.openTemplate(example.document)} />)}
        </div>
        {examples.state === 'loading' && <p className="muted">{t('start.loadingTemplates')}</p>}
        {examples.state === 'failed' && <p className="field-error">{t('start.templatesFailed', { message: examples.message })}</p>}
        </section>
        <section>

        <h2>{t('start.recent')}</h2>
        {recent.state === 'ready' && recent.value.length > 0 ? (
          <div className="recent-list">
            {recent.value.map((r) => (
              <RecentRow key={r.path} recent={r} onOpen={() => void project.openPath(r.path)} />
            ))}
          </div>
        ) : (
          <p className="muted">{recent.state === 'failed' ? t('errors.hostUnavailable', { message: recent.message }) : t('start.noRecent')}</p>
        )}
        <BuiltinDatasets />
        </section>
        </div>
      </div>
    </div>
  );
}

function TemplateCard({ example, onOpen }: { example: ExampleProject; onOpen(): void }) {
  const { t, i18n } = useTranslation();
  const text = templateText(i18n.language, example.file);
  const description = text?.description ?? example.description;
  return (
    <button className="card" onClick={onOpen} data-testid="template-card" data-template={example.file}>
      <div className="card-thumb">
        <GraphThumbnail doc={example.document} />
      </div>
      <div className="card-body">
        <div className="card-title">{text?.title ?? example.name}</div>
        <div className="card-meta">{t('start.layers', { count: example.document.nodes.length })}</div>
        {description && <div className="card-desc">{description}</div>}
      </div>
    </button>
  );
}

function RecentRow({ recent, onOpen }: { recent: RecentProject; onOpen(): void }) {
  const { t, i18n } = useTranslation();
  const when = new Date(recent.lastOpened);
  return (
    <div className="recent-item" role="button" tabIndex={0} onClick={onOpen} onKeyDown={(e) => e.key === 'Enter' && onOpen()} data-testid="recent-project" style={recent.exists ? undefined : { opacity: 0.5 }}>
      <Icon name="file" width={16} height={16} />
      <div style={{ minWidth: 0, flex: 1 }}>
        <div style={{ fontWeight: 600 }}>{recent.name}</div>
        <div className="path" title={recent.path}>
          {recent.path}
        </div>
        <div className="muted" style={{ fontSize: 11.5 }}>
          {Number.isNaN(when.getTime()) ? '' : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(when)}
        </div>
      </div>

      <button
        className="btn ghost icon"
        title={t('start.removeRecent')}
        aria-label={t('start.removeRecent')}
        onClick={(e) => {
          e.stopPropagation();
          void getHost().forgetRecentProject({ path: recent.path });
        }}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
