import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'RepeatVector',
    palette: { 'zh-CN': { label: '重复向量', doc: '把特征向量重复 n 次变成序列：[特征] → [n, 特征]（编码器 → 解码器）。' } },
    teaching: {
      en: {
        what: r`Copies one feature vector n times to make a sequence.`,
        params: r`n: how many steps.`,
        shape: r`[batch, features] → [batch, n, features].`,
        use: r`In an encoder–decoder: the encoder's summary vector is repeated so a recurrent decoder gets it at every step.`,
      },
      'zh-CN': {
        what: r`把一个特征向量复制 n 次，组成一个序列。`,
        params: r`n：步数。`,
        shape: r`[batch, features] → [batch, n, features]。`,
        use: r`编码器–解码器中：把编码器的摘要向量重复，使循环解码器每一步都能拿到它。`,
      },
    },
  },
];
