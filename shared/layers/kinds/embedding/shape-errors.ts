import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  embeddingIds: {
    en: 'Embedding expects integer ids [batch, steps] but gets {{shape}}',
    'zh-CN': 'Embedding 需要整数编号 [batch, steps]，但得到的是 {{shape}}',
  },
  embeddingLength: {
    en: 'Embedding has inputLength {{inputLength}} but gets sequences of {{steps}} ids {{shape}} — set inputLength to {{steps}} or clear it',
    'zh-CN': 'Embedding 的 inputLength 是 {{inputLength}}，但得到的序列 {{shape}} 有 {{steps}} 个编号——把 inputLength 设为 {{steps}} 或清空它',
  },
});
