import type { TFunction } from 'i18next';
import type { FaceWords } from '../../../shared/graph/node-face';
import { formatNumber } from '../i18n';
import { paramLabel } from '../i18n/param-label';

/** The words LayerNode writes on a node's face, in `t`'s language, so the layout's estimate of a node is the node the page draws. */
export function faceWords(t: TFunction): FaceWords {
  return {
    kindLabel: (type, englishLabel) => t(`layers.${type}.label`, { defaultValue: englishLabel }),
    paramLabel: (name) => paramLabel(t, name).label,
    paramCount: (count) => t('node.paramsCompact', { value: formatNumber(count) }),
  };
}
