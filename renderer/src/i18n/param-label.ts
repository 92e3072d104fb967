import type { TFunction } from 'i18next';

/**
 * A layer parameter's name as a person reads it: in English the Keras identifier
 * (`filters`), in Chinese the translated label with the identifier beside it (`卷积核数量
 * filters`), so the name in exported Keras or PyTorch code stays recognisable.
 */
export function paramLabel(t: TFunction, name: string): { label: string; identifier: string | null } {
  const label = t(`paramLabels.${name}`, { defaultValue: name });
  return { label, identifier: label === name ? null : name };
}
