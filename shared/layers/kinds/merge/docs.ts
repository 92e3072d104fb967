import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Add',
    palette: { 'zh-CN': { label: '相加', doc: '逐元素求和其输入——残差模块中的跳跃连接。' } },
    teaching: {
      en: {
        what: r`Sums its inputs element by element.`,
        formula: r`y = x^{(1)} + x^{(2)} + \dots`,
        shape: r`All inputs must have the same shape, which is also the output's.`,
        use: r`The skip connection of a residual block: $y = x + F(x)$ lets the block learn a correction, and gradients flow straight through the sum, so very deep networks (ResNet, Transformers) still train.`,
      },
      'zh-CN': {
        what: r`把各个输入逐元素相加。`,
        formula: r`y = x^{(1)} + x^{(2)} + \dots`,
        shape: r`所有输入形状必须相同，输出也是这个形状。`,
        use: r`残差块的跳跃连接：$y = x + F(x)$ 让模块只学习一个修正量，梯度也能直接穿过加法，所以很深的网络（ResNet、Transformer）依然训练得动。`,
      },
    },
  },
  {
    type: 'Multiply',
    palette: { 'zh-CN': { label: '相乘', doc: '逐元素相乘其输入——用门控信号缩放另一个信号。' } },
    teaching: {
      en: {
        what: r`Multiplies its inputs element by element.`,
        formula: r`y = x^{(1)} \odot x^{(2)} \odot \dots`,
        shape: r`All inputs must have the same shape.`,
        use: r`Gating: a sigmoid branch in (0, 1) scales another signal, the way LSTM gates and attention masks do.`,
      },
      'zh-CN': {
        what: r`把各个输入逐元素相乘。`,
        formula: r`y = x^{(1)} \odot x^{(2)} \odot \dots`,
        shape: r`所有输入形状必须相同。`,
        use: r`门控：取值在 (0, 1) 的 Sigmoid 分支去缩放另一路信号，LSTM 的门和注意力掩码都是这样做的。`,
      },
    },
  },
  {
    type: 'Average',
    palette: { 'zh-CN': { label: '平均', doc: '逐元素平均其输入——例如多个分支的集成。' } },
    teaching: {
      en: {
        what: r`Averages its inputs element by element.`,
        formula: r`y = \frac{1}{n} \sum_{k=1}^{n} x^{(k)}`,
        shape: r`All inputs must have the same shape.`,
        use: r`Combining parallel branches or an ensemble without changing the scale of the values.`,
      },
      'zh-CN': {
        what: r`对各个输入逐元素求平均。`,
        formula: r`y = \frac{1}{n} \sum_{k=1}^{n} x^{(k)}`,
        shape: r`所有输入形状必须相同。`,
        use: r`合并并行分支或做集成，而不改变数值的量级。`,
      },
    },
  },
  {
    type: 'Maximum',
    palette: { 'zh-CN': { label: '最大值', doc: '逐元素保留其输入中的最大值。' } },
    teaching: {
      en: {
        what: r`Keeps the largest of its inputs element by element.`,
        formula: r`y = \max_k x^{(k)}`,
        shape: r`All inputs must have the same shape.`,
        use: r`Maxout-style units: each output picks the strongest branch.`,
      },
      'zh-CN': {
        what: r`逐元素保留各个输入中最大的那个。`,
        formula: r`y = \max_k x^{(k)}`,
        shape: r`所有输入形状必须相同。`,
        use: r`Maxout 式单元：每个输出挑选最强的分支。`,
      },
    },
  },
  {
    type: 'Minimum',
    palette: { 'zh-CN': { label: '最小值', doc: '逐元素保留其输入中的最小值。' } },
    teaching: {
      en: {
        what: r`Keeps the smallest of its inputs element by element.`,
        formula: r`y = \min_k x^{(k)}`,
        shape: r`All inputs must have the same shape.`,
        use: r`Clamping one branch by another; rarer than Maximum.`,
      },
      'zh-CN': {
        what: r`逐元素保留各个输入中最小的那个。`,
        formula: r`y = \min_k x^{(k)}`,
        shape: r`所有输入形状必须相同。`,
        use: r`用一个分支给另一个分支设上限；比 Maximum 少见。`,
      },
    },
  },
  {
    type: 'Concatenate',
    palette: { 'zh-CN': { label: '拼接', doc: '沿一个轴（默认是特征轴）首尾相接地拼接其输入。' } },
    teaching: {
      en: {
        what: r`Joins its inputs end to end along one axis.`,
        params: r`axis: where to join; -1 (the features) by default.`,
        shape: r`Inputs must agree on every axis but the joined one; e.g. [batch, 16] and [batch, 8] → [batch, 24].`,
        use: r`To combine different views of the data (Inception branches, U-Net skip connections, several inputs of a multi-input model).`,
      },
      'zh-CN': {
        what: r`沿某个轴把各个输入首尾拼接。`,
        params: r`axis：在哪个轴拼接；默认 -1（特征轴）。`,
        shape: r`除拼接轴外，其余各轴必须一致；如 [batch, 16] 和 [batch, 8] → [batch, 24]。`,
        use: r`组合数据的不同视角（Inception 分支、U-Net 的跳跃连接、多输入模型的各个输入）。`,
      },
    },
  },
];
