import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Embedding',
    palette: { 'zh-CN': { label: '嵌入', doc: '为每个整数编号（一个词、一个词元、一个类别）查找一个可学习的向量。' } },
    teaching: {
      en: {
        what: r`Looks up a learned vector for each integer id: row $i$ of a table $E$. Equivalent to a one-hot vector times a weight matrix, without building the one-hot vector.`,
        formula: r`y_t = E_{x_t}, \quad E \in \mathbb{R}^{\text{inputDim} \times \text{outputDim}}`,
        params: r`inputDim: vocabulary size (largest id + 1). outputDim: vector length. maskZero: treat id 0 as padding so later layers skip it.`,
        shape: r`[batch, steps] (integer ids) → [batch, steps, outputDim].`,
        use: r`The first layer for words, tokens, characters or categories; similar ids learn similar vectors.`,
      },
      'zh-CN': {
        what: r`为每个整数编号查出一个可学习的向量：表 $E$ 的第 $i$ 行。等价于 one-hot 向量乘权重矩阵，但不必真的构造 one-hot 向量。`,
        formula: r`y_t = E_{x_t}, \quad E \in \mathbb{R}^{\text{inputDim} \times \text{outputDim}}`,
        params: r`inputDim：词表大小（最大编号 + 1）。outputDim：向量长度。maskZero：把编号 0 当作填充，后续层会跳过它。`,
        shape: r`[batch, steps]（整数编号）→ [batch, steps, outputDim]。`,
        use: r`处理单词、词元、字符或类别的第一层；相似的编号会学到相似的向量。`,
      },
    },
  },
];
