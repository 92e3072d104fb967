import { useTranslation } from 'react-i18next';
import { selectDocument, useEditor } from '../store/editor-store';
import { formatTime } from '../i18n';
import { trainedVersionDiffers } from './run-commands';
import { isActive, useTraining } from './training-store';

/** On the canvas, while the graph differs from the one the run trains: which version the run (or its results) belongs to. */
export function RunVersionBanner() {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const phase = useTraining((s) => s.phase);
  const since = useTraining((s) => trainedVersionDiffers(s, doc));
  if (since === null) return null;
  const time = formatTime(since);
  return (
    <div className="run-version-banner" role="status" data-testid="run-version" data-active={isActive(phase)}>
      {isActive(phase) ? t('training.version.training', { time }) : t('training.version.results', { time })}
    </div>
  );
}
