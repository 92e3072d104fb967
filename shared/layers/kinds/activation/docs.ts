import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Activation',
    palette: { 'zh-CN': { label: '激活', doc: '对每个值应用一个函数（ReLU、sigmoid、softmax 等）；形状保持不变。' } },
    teaching: {
      en: {
        what: r`Applies a non-linear function to every value on its own. Without non-linearities, any stack of layers is equivalent to one linear layer and cannot solve problems like XOR.`,
        formula: r`y_i = \varphi(x_i)`,
        params: r`activation: which function; its formula, range and trade-offs appear under that field. alpha: the negative-side slope of leaky ReLU, or the scale of ELU's negative part.`,
        shape: r`The shape is unchanged. No weights.`,
        use: r`Hidden layers mostly use ReLU or a variant (GELU in Transformers); the output layer follows the task: softmax for classes, sigmoid for yes/no, linear for regression.`,
      },
      'zh-CN': {
        what: r`对每个值单独施加一个非线性函数。没有非线性，多少层叠加都等价于一个线性层，解决不了 XOR 这类问题。`,
        formula: r`y_i = \varphi(x_i)`,
        params: r`activation：选用哪个函数，其公式、输出范围与利弊显示在该字段下方。alpha：Leaky ReLU 负半轴的斜率，或 ELU 负半部分的幅度。`,
        shape: r`形状不变，没有权重。`,
        use: r`隐藏层多用 ReLU 或其变体（Transformer 中用 GELU）；输出层按任务选：多分类用 Softmax，二分类用 Sigmoid，回归用线性。`,
      },
    },
  },
];
