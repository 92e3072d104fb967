import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  reshapeNotMultiple: {
    en: 'Reshape cannot turn {{shape}} ({{total}} values per sample) into {{target}}: {{total}} is not a multiple of {{known}}',
    'zh-CN': 'Reshape 无法把 {{shape}}（每个样本 {{total}} 个值）变成 {{target}}：{{total}} 不是 {{known}} 的倍数',
  },
  reshapeWrongTotal: {
    en: 'Reshape to {{target}} needs {{known}} values per sample but gets {{shape}} with {{total}}',
    'zh-CN': 'Reshape 到 {{target}} 需要每个样本 {{known}} 个值，但得到的 {{shape}} 有 {{total}} 个',
  },
});
