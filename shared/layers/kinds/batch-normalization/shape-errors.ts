import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  batchNormRank: {
    en: 'BatchNormalization works on vectors, sequences or images ([batch, features] up to [batch, height, width, channels]) but gets {{shape}} — Reshape or Flatten it first',
    'zh-CN': 'BatchNormalization 只能处理向量、序列或图像（从 [batch, features] 到 [batch, height, width, channels]），但得到的是 {{shape}} — 请先用 Reshape 或 Flatten 调整',
  },
});
