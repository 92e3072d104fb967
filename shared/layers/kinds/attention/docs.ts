import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Attention',
    palette: { 'zh-CN': { label: '注意力（点积）', doc: '每个查询步对各个值步求加权平均，权重为 softmax(查询 · 键)。' } },
    teaching: {
      en: {
        what: r`Dot-product attention: each query step compares itself with every key step, turns the scores into weights with softmax, and returns the weighted average of the values.`,
        formula: r`\text{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}}\Big) V`,
        params: r`useScale: learn the score scale. causal: step $i$ only attends to steps $\le i$. dropout on the weights. Inputs: query, value and an optional key (the value is used as key otherwise).`,
        shape: r`query [batch, Tq, d], value [batch, Tv, d] → [batch, Tq, d].`,
        use: r`Letting a decoder look back at an encoder, or any step reach any other directly, whatever the distance.`,
      },
      'zh-CN': {
        what: r`点积注意力：每个查询步与每个键步比较，用 Softmax 把得分变成权重，再返回值的加权平均。`,
        formula: r`\text{Attention}(Q, K, V) = \operatorname{softmax}\!\Big(\frac{Q K^\top}{\sqrt{d}}\Big) V`,
        params: r`useScale：学习得分的缩放。causal：第 $i$ 步只关注 $\le i$ 的步。dropout：作用于权重。输入：query、value 和可选的 key（缺省时用 value 作 key）。`,
        shape: r`query [batch, Tq, d]，value [batch, Tv, d] → [batch, Tq, d]。`,
        use: r`让解码器回看编码器，或让任意两步之间直接建立联系，无论相距多远。`,
      },
    },
  },
];
