import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  mergeNeedsTwo: {
    en: '{{layer}} merges two or more inputs but has {{count}} — connect another layer to it',
    'zh-CN': '{{layer}} 合并两个或更多输入，但现在只有 {{count}} 个——再连接一个层',
  },
  mergeRank: {
    en: '{{layer}} needs inputs of the same shape, but input 1 is {{first}} and input {{index}} is {{other}} ({{firstRank}} vs {{otherRank}} axes) — add a Reshape or Flatten so they match',
    'zh-CN': '{{layer}} 需要形状相同的输入，但输入 1 是 {{first}}，输入 {{index}} 是 {{other}}（{{firstRank}} 与 {{otherRank}} 个轴）——加一个 Reshape 或 Flatten 使其一致',
  },
  mergeAxis: {
    en: '{{layer}} needs inputs of the same shape, but input 1 is {{first}} and input {{index}} is {{other}} (axis {{axis}}: {{a}} vs {{b}}) — change the layers before it so the sizes agree',
    'zh-CN': '{{layer}} 需要形状相同的输入，但输入 1 是 {{first}}，输入 {{index}} 是 {{other}}（轴 {{axis}}：{{a}} 与 {{b}}）——调整前面的层使大小一致',
  },
  concatBatchAxis: {
    en: 'Concatenate cannot join along axis {{axis}}, the batch axis — use -1 for the features',
    'zh-CN': 'Concatenate 不能沿轴 {{axis}}（批次轴）拼接——用 -1 表示特征轴',
  },
  concatAxisRange: {
    en: 'Concatenate joins along axis {{axis}}, but the input {{shape}} has only {{rank}} axes — use -1 for the last axis',
    'zh-CN': 'Concatenate 沿轴 {{axis}} 拼接，但输入 {{shape}} 只有 {{rank}} 个轴——用 -1 表示最后一个轴',
  },
  concatRank: {
    en: 'Concatenate needs inputs with the same number of axes, but input 1 is {{first}} and input {{index}} is {{other}} — add a Reshape or Flatten so they match',
    'zh-CN': 'Concatenate 需要轴数相同的输入，但输入 1 是 {{first}}，输入 {{index}} 是 {{other}}——加一个 Reshape 或 Flatten 使其一致',
  },
  concatOtherAxis: {
    en: 'Concatenate joins along axis {{axis}}, so every other axis must match, but input 1 is {{first}} and input {{index}} is {{other}} (axis {{differing}}: {{a}} vs {{b}}) — choose another axis or make those sizes equal',
    'zh-CN': 'Concatenate 沿轴 {{axis}} 拼接，其他轴必须一致，但输入 1 是 {{first}}，输入 {{index}} 是 {{other}}（轴 {{differing}}：{{a}} 与 {{b}}）——换一个拼接轴，或让这些大小相等',
  },
});
