import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Reshape',
    palette: { 'zh-CN': { label: '重塑', doc: '把每个样本的值重新排成值总数相同的新形状，例如 [784] → [28, 28, 1]。' } },
    teaching: {
      en: {
        what: r`Rearranges the values of each sample into a new shape; the order of values is kept, only the grouping changes.`,
        params: r`targetShape: the new shape without the batch; its product must equal the input's number of values.`,
        shape: r`[batch, …] → [batch, …targetShape], e.g. [784] → [28, 28, 1].`,
        use: r`To turn a flat vector back into an image (decoders, GAN generators) or to split features into heads.`,
      },
      'zh-CN': {
        what: r`把每个样本的值重新排成新形状；值的顺序不变，只改变分组。`,
        params: r`targetShape：不含批次维的新形状，各维乘积必须等于输入的值的个数。`,
        shape: r`[batch, …] → [batch, …targetShape]，如 [784] → [28, 28, 1]。`,
        use: r`把扁平向量还原成图像（解码器、GAN 生成器），或把特征拆成多个头。`,
      },
    },
  },
];
