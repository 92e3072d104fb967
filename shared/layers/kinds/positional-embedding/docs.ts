import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'PositionalEmbedding',
    palette: { 'zh-CN': { label: '位置嵌入（可学习）', doc: '为序列的每个位置加上一个可学习的向量，使注意力能够分辨各步的先后顺序。' } },
    teaching: {
      en: {
        what: r`Adds a learned vector for each position to the sequence. Attention by itself ignores order; this tells it where each step is.`,
        formula: r`y_t = x_t + P_t`,
        params: r`maxLength: the longest sequence it has positions for.`,
        shape: r`The shape is unchanged: [batch, steps, d]; $\text{maxLength} \cdot d$ weights.`,
        use: r`After the token Embedding of a Transformer (BERT, GPT), when sequences never exceed maxLength.`,
      },
      'zh-CN': {
        what: r`为序列的每个位置加上一个可学习的向量。注意力本身不区分顺序，这一层告诉它每一步在哪里。`,
        formula: r`y_t = x_t + P_t`,
        params: r`maxLength：能表示的最长序列。`,
        shape: r`形状不变：[batch, steps, d]；共 $\text{maxLength} \cdot d$ 个权重。`,
        use: r`Transformer 中紧跟在词元 Embedding 之后（BERT、GPT），序列长度不超过 maxLength 时使用。`,
      },
    },
  },
];
