import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  permuteAxes: {
    en: 'Permute with dims {{dims}} reorders {{count}} axes but gets {{shape}} with {{axes}} after the batch',
    'zh-CN': 'Permute 的 dims {{dims}} 重排 {{count}} 个轴，但得到的 {{shape}} 在批次轴之后有 {{axes}} 个轴',
  },
});
