import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  flattenTooFewAxes: {
    en: 'Flatten expects an input with at least two axes after the batch, e.g. [batch, 28, 28, 1], but gets {{shape}}',
    'zh-CN': 'Flatten 需要批次轴之后至少还有两个轴的输入（例如 [batch, 28, 28, 1]），但得到的是 {{shape}}',
  },
  flattenUnknownSize: {
    en: 'Flatten needs every axis but the batch to have a known size but gets {{shape}}',
    'zh-CN': 'Flatten 需要除批次轴外每个轴的大小都已知，但得到的是 {{shape}}',
  },
});
