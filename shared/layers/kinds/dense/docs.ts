import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Dense',
    palette: { 'zh-CN': { label: '全连接', doc: '全连接层：每个输出都是所有输入的加权和再加上偏置。' } },
    teaching: {
      en: {
        what: r`Fully connected: each output unit takes a weighted sum of every input feature, adds a bias, and applies the activation. One Dense unit with a step or sigmoid is the perceptron.`,
        formula: r`y = \varphi(W x + b)`,
        params: r`units: how many outputs (neurons). activation: the non-linearity $\varphi$; without one, stacked Dense layers collapse into a single linear map. Weights: $\text{inputs} \times \text{units} + \text{units}$.`,
        shape: r`[batch, features] → [batch, units]. On a longer shape it acts on the last axis only.`,
        use: r`The building block of an MLP and the classifier head of almost every model. Flatten images first; the weight count grows with inputs × units, so keep it for low-dimensional features.`,
      },
      'zh-CN': {
        what: r`全连接：每个输出单元对全部输入特征做加权求和，加上偏置，再经过激活函数。只有一个单元、配阶跃或 Sigmoid 的 Dense 就是感知机。`,
        formula: r`y = \varphi(W x + b)`,
        params: r`units：输出个数（神经元数）。activation：非线性函数 $\varphi$；没有它，多层 Dense 叠起来仍等价于一个线性变换。参数量：$\text{inputs} \times \text{units} + \text{units}$。`,
        shape: r`[batch, features] → [batch, units]。输入维数更多时只作用在最后一个轴上。`,
        use: r`MLP 的基本积木，也是几乎所有模型的分类头。图像要先 Flatten；参数量随 输入 × 单元 增长，适合维度较低的特征。`,
      },
    },
  },
];
