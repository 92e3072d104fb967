import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  positionsTooFew: {
    en: 'PositionalEmbedding learns {{maxLength}} positions but the sequence {{shape}} has {{steps}} — raise maxLength to {{steps}}',
    'zh-CN': 'PositionalEmbedding 学习 {{maxLength}} 个位置，但序列 {{shape}} 有 {{steps}} 步——把 maxLength 提高到 {{steps}}',
  },
});
