import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BuiltinDatasetEntry } from '../../../shared/data/preview';
import { getHost } from '../host/client';
import { useProjectCommands } from '../project/project-commands';
import { GENERATED_DATASETS, useDatasetImport } from './dataset-import-store';
import { builtinLabelKey } from './labels';

/** The start page's list of datasets that need no file: a new project opens on the chosen one's preview. */
export function BuiltinDatasets() {
  const { t } = useTranslation();
  const project = useProjectCommands();
  const [entries, setEntries] = useState<BuiltinDatasetEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    getHost()
      .listBuiltinDatasets()
      .then((list) => live && setEntries(list), () => live && setEntries([]));
    return () => {
      live = false;
    };
  }, []);
  if (!entries) return null;
  const start = async (dataset: BuiltinDatasetEntry['dataset'] | (typeof GENERATED_DATASETS)[number]['dataset']) => {
    await project.newProject();
    useDatasetImport.getState().show(dataset);
  };
  return (
    <div className="builtin-datasets" data-testid="builtin-datasets">
      {entries.length > 0 && <h2>{t('dataset.builtinTitle')}</h2>}
      <div className="recent-list" hidden={entries.length === 0}>
        {entries.map((entry) => (
          <div key={entry.id} className="recent-item" role="button" tabIndex={0} onClick={() => void start(entry.dataset)} onKeyDown={(e) => e.key === 'Enter' && void start(entry.dataset)} data-testid={`start-dataset-${entry.id}`}>
            <div style={{ minWidth: 0, flex: 1 }}>
              <div style={{ fontWeight: 600 }}>{t(builtinLabelKey(entry.id))}</div>
              <div className="muted" style={{ fontSize: 11.5 }}>
                {entry.task === 'classification'
                  ? t('dataset.builtinMeta', { count: entry.samples, shape: `[${entry.sampleShape.join(', ')}]`, classes: entry.classes.length })
                  : t('dataset.builtinMetaRegression', { count: entry.samples, shape: `[${entry.sampleShape.join(', ')}]` })}
              </div>
            </div>
          </div>
        ))}
      </div>
      <h2>{t('dataset.generatedTitle')}</h2>
      <div className="recent-list" data-testid="generated-datasets">
        {GENERATED_DATASETS.map((g) => (
          <div key={g.id} className="recent-item" role="button" tabIndex={0} onClick={() => void start(g.dataset)} onKeyDown={(e) => e.key === 'Enter' && void start(g.dataset)} data-testid={`start-dataset-${g.id}`}>
            <div style={{ minWidth: 0, flex: 1 }}>
              <div style={{ fontWeight: 600 }}>{t(g.id === 'shapes' ? 'dataset.generatedShapes' : 'dataset.generatedSequence')}</div>
              <div className="muted" style={{ fontSize: 11.5 }}>
                {t(g.id === 'shapes' ? 'dataset.generatedShapesMeta' : 'dataset.generatedSequenceMeta')}
              </div>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
