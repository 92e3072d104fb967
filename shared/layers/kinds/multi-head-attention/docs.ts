import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'MultiHeadAttention',
    palette: { 'zh-CN': { label: '多头注意力', doc: '多个注意力头并行工作，各自以不同方式观察序列；Transformer 的核心。' } },
    teaching: {
      en: {
        what: r`Several attention heads in parallel. Each projects queries, keys and values into its own smaller space and attends there, so different heads can follow different relations (syntax, position, meaning); their outputs are concatenated and projected back.`,
        formula: r`\text{head}_h = \operatorname{softmax}\!\Big(\frac{(Q W^Q_h)(K W^K_h)^\top}{\sqrt{d_k}}\Big) V W^V_h, \quad y = [\text{head}_1; \dots; \text{head}_H]\, W^O`,
        params: r`numHeads $H$. keyDim $d_k$: size per head. causal: a decoder must not see future steps. Self-attention: wire the same tensor into query and value.`,
        shape: r`query [batch, Tq, d] (value [batch, Tv, d]) → [batch, Tq, outputDim or d]. Cost grows with $T_q \cdot T_v$.`,
        use: r`The core of the Transformer (BERT, GPT, ViT): long-range dependencies with every position trained in parallel. Needs positional information added to its input.`,
      },
      'zh-CN': {
        what: r`多个注意力头并行工作。每个头把查询、键、值投影到自己的小空间里再做注意力，于是不同的头可以关注不同的关系（语法、位置、语义）；各头输出拼接后再投影回来。`,
        formula: r`\text{head}_h = \operatorname{softmax}\!\Big(\frac{(Q W^Q_h)(K W^K_h)^\top}{\sqrt{d_k}}\Big) V W^V_h, \quad y = [\text{head}_1; \dots; \text{head}_H]\, W^O`,
        params: r`numHeads $H$。keyDim $d_k$：每个头的大小。causal：解码器不能看到未来的步。自注意力：把同一个张量同时连到 query 和 value。`,
        shape: r`query [batch, Tq, d]（value [batch, Tv, d]）→ [batch, Tq, outputDim 或 d]。计算量随 $T_q \cdot T_v$ 增长。`,
        use: r`Transformer 的核心（BERT、GPT、ViT）：捕捉长距离依赖，且所有位置可并行训练。输入需要另外加上位置信息。`,
      },
    },
  },
];
