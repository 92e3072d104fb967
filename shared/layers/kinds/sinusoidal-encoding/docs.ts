import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'SinusoidalPositionalEncoding',
    palette: { 'zh-CN': { label: '位置编码（正弦）', doc: '为序列加上多种波长的固定正弦和余弦波，使注意力能够分辨各步的先后顺序。' } },
    teaching: {
      en: {
        what: r`Adds fixed sine and cosine waves of geometrically spaced wavelengths, as in "Attention Is All You Need". Nothing to learn, and nearby positions get similar codes.`,
        formula: r`PE_{t, 2i} = \sin\!\big(t / \text{base}^{2i/d}\big), \quad PE_{t, 2i+1} = \cos\!\big(t / \text{base}^{2i/d}\big)`,
        params: r`base: the longest wavelength's scale (10000 in the paper).`,
        shape: r`The shape is unchanged: [batch, steps, d]. No weights.`,
        use: r`Instead of a learned positional embedding, when sequences may be longer than those seen in training or data are few.`,
      },
      'zh-CN': {
        what: r`加上波长按几何级数分布的固定正弦、余弦波，与《Attention Is All You Need》相同。无需学习，相邻位置的编码相近。`,
        formula: r`PE_{t, 2i} = \sin\!\big(t / \text{base}^{2i/d}\big), \quad PE_{t, 2i+1} = \cos\!\big(t / \text{base}^{2i/d}\big)`,
        params: r`base：最长波长的尺度（论文中为 10000）。`,
        shape: r`形状不变：[batch, steps, d]。没有权重。`,
        use: r`代替可学习的位置嵌入：序列可能比训练时更长，或数据较少时。`,
      },
    },
  },
];
