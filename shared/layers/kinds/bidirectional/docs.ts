import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Bidirectional',
    palette: { 'zh-CN': { label: '双向', doc: '让一个循环层正向运行、它的副本反向运行于序列上，并合并两者的输出。' } },
    teaching: {
      en: {
        what: r`Runs the wrapped recurrent layer forwards and a second copy backwards over the sequence, then combines both outputs, so each step sees its past and its future.`,
        params: r`layer: the recurrent layer wrapped (LSTM, GRU, SimpleRNN). mergeMode: 'concat' (side by side), 'sum', 'mul' or 'ave'.`,
        shape: r`With 'concat' the feature axis doubles: [batch, steps, f] → [batch, 2·units] (or per step with returnSequences).`,
        use: r`Tagging or classifying whole texts that are fully known in advance; not for forecasting or generation, which must not see the future.`,
      },
      'zh-CN': {
        what: r`把被包装的循环层正向跑一遍，再用一个副本反向跑一遍，然后合并两者的输出，于是每一步都能同时看到过去和未来。`,
        params: r`layer：被包装的循环层（LSTM、GRU、SimpleRNN）。mergeMode：'concat'（并排）、'sum'、'mul' 或 'ave'。`,
        shape: r`'concat' 时特征轴加倍：[batch, steps, f] → [batch, 2·units]（开启 returnSequences 时每步如此）。`,
        use: r`对事先完整已知的文本做标注或分类；不适合预测或生成，因为它们不能看到未来。`,
      },
    },
  },
];
