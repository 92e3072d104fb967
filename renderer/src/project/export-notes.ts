import type { TFunction } from 'i18next';
import type { ModelExportResult } from '../../../shared/host-api';
import { problemText } from '../i18n/problem-text';

/** Where a GAN's two networks are in the export, in the interface language; null for any other model. */
export function ganNetworksNote(t: TFunction, result: Pick<ModelExportResult, 'format' | 'ganNetworks'>): string | null {
  if (!result.ganNetworks) return null;
  return t(result.format === 'tfjs' ? 'exportDialog.ganTfjs' : result.format === 'pytorch' ? 'exportDialog.ganPytorch' : 'exportDialog.ganKeras');
}

/**
 * Why a PyTorch export came without train.py, in the interface language: the document's
 * training problems (each said as the editor says it), no dataset, or a graph dataset.
 * Null when train.py was written, or for a format that has none.
 */
export function trainScriptNote(t: TFunction, result: Pick<ModelExportResult, 'format' | 'trainScript' | 'trainScriptMissing' | 'trainingProblems'>): { summary: string; problems: string[] } | null {
  if (result.format !== 'pytorch' || result.trainScript) return null;
  switch (result.trainScriptMissing) {
    case 'training-problems':
      return { summary: t('exportDialog.noTrainScriptProblems', { count: result.trainingProblems.length }), problems: result.trainingProblems.map((p) => problemText(t, p)) };
    case 'graph-dataset':
      return { summary: t('exportDialog.noTrainScriptGraph'), problems: [] };
    default:
      return { summary: t('exportDialog.noTrainScriptNoDataset'), problems: [] };
  }
}
