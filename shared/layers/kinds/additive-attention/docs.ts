import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'AdditiveAttention',
    palette: { 'zh-CN': { label: '注意力（加性）', doc: '每个查询步对各个值步求加权平均，权重为 tanh(查询 + 键) 的可学习加权和经 softmax 所得（Bahdanau）。' } },
    teaching: {
      en: {
        what: r`Additive (Bahdanau) attention: each query step is compared with each key step by a learned sum of $\tanh(q + k)$ rather than a dot product; softmax turns the scores into weights for averaging the values.`,
        formula: r`e_{ij} = \textstyle\sum_f w_f \tanh(q_{i,f} + k_{j,f}), \quad y_i = \sum_j \operatorname{softmax}_j(e_{ij})\, v_j`,
        params: r`useScale: learn the scale $w$ of each feature (one weight per feature). causal: step $i$ only attends to steps $\le i$. Query and key must have the same number of features.`,
        shape: r`query [batch, Tq, d], value [batch, Tv, d_v] → [batch, Tq, d_v].`,
        use: r`The attention of the first neural machine-translation models (encoder–decoder with RNNs); dot-product attention is cheaper and is what Transformers use.`,
      },
      'zh-CN': {
        what: r`加性（Bahdanau）注意力：每个查询步与每个键步的比较不用点积，而用 $\tanh(q + k)$ 的可学习加权和；Softmax 把得分变成权重，再对值加权平均。`,
        formula: r`e_{ij} = \textstyle\sum_f w_f \tanh(q_{i,f} + k_{j,f}), \quad y_i = \sum_j \operatorname{softmax}_j(e_{ij})\, v_j`,
        params: r`useScale：学习每个特征的缩放 $w$（每个特征一个权重）。causal：第 $i$ 步只关注 $\le i$ 的步。query 和 key 的特征数必须相同。`,
        shape: r`query [batch, Tq, d]，value [batch, Tv, d_v] → [batch, Tq, d_v]。`,
        use: r`最早的神经机器翻译模型（基于 RNN 的编码器–解码器）使用的注意力；点积注意力更便宜，Transformer 用的就是它。`,
      },
    },
  },
];
