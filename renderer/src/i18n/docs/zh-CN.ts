import type { DocsBundle } from './types';

// String.raw 原样保留 TeX 的反斜杠；行内公式写在 $…$ 之间。
const r = String.raw;

export const zhCN: DocsBundle = {
  activations: {
    linear: {
      name: r`线性（恒等）`,
      formula: r`f(x) = x`,
      range: r`(-\infty, \infty)`,
      notes: r`完全没有非线性。用于回归任务的输出层；放在隐藏层会让整个网络退化成一个线性变换。`,
    },
    relu: {
      name: r`ReLU`,
      formula: r`\text{ReLU}(x) = \max(0, x)`,
      range: r`[0, \infty)`,
      notes: r`计算简单；正输入处梯度恰为 1，穿过很深的网络也不会消失（这是 2012 年 AlexNet 训练成功的原因之一），并产生稀疏激活。但负输入处梯度为 0：被推到总是负输入的单元从此不再学习（神经元“死亡”）。隐藏层的默认选择。`,
    },
    relu6: {
      name: r`ReLU6`,
      formula: r`f(x) = \min(\max(0, x), 6)`,
      range: r`[0, 6]`,
      notes: r`上限为 6 的 ReLU，使数值保持较小，便于低精度（移动端）推理；MobileNet 使用。`,
    },
    leakyRelu: {
      name: r`Leaky ReLU`,
      formula: r`f(x) = \begin{cases} x & x \ge 0 \\ \alpha x & x < 0 \end{cases}`,
      range: r`(-\infty, \infty)`,
      notes: r`负输入处保留一个小斜率 $\alpha$（此处默认 0.3，0.01 也很常见），梯度永远不会恰好为 0，从而解决 ReLU 的“死亡”问题。`,
    },
    elu: {
      name: r`ELU`,
      formula: r`f(x) = \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}`,
      range: r`(-\alpha, \infty)`,
      notes: r`负半轴平滑并饱和于 $-\alpha$，输出均值比 ReLU 更接近零，单元也不会死亡；计算略贵。`,
    },
    selu: {
      name: r`SELU`,
      formula: r`f(x) = \lambda \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}, \quad \lambda \approx 1.0507,\ \alpha \approx 1.6733`,
      range: r`(-\lambda\alpha, \infty) \approx (-1.76, \infty)`,
      notes: r`经过缩放，配合 LeCun 正态初始化时，激活值穿过多层 Dense 仍保持均值 0、方差 1（自归一化网络）。`,
    },
    sigmoid: {
      name: r`Sigmoid`,
      formula: r`\sigma(x) = \frac{1}{1 + e^{-x}}`,
      range: r`(0, 1)`,
      notes: r`可以读作概率：二分类的输出层、LSTM 的门。放在隐藏层时，$|x|$ 较大处梯度（最大只有 0.25）会消失，输出不以零为中心，还要计算指数。`,
    },
    hardSigmoid: {
      name: r`Hard Sigmoid`,
      formula: r`f(x) = \max\big(0, \min(1,\ 0.2x + 0.5)\big)`,
      range: r`[0, 1]`,
      notes: r`分段线性的 Sigmoid：更便宜，但在 $[-2.5, 2.5]$ 之外梯度为零。`,
    },
    tanh: {
      name: r`Tanh`,
      formula: r`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`,
      range: r`(-1, 1)`,
      notes: r`以零为中心，便于下一层学习；RNN 和 LSTM 的状态函数。与 Sigmoid 一样会饱和，$|x|$ 较大时梯度仍会消失。`,
    },
    softmax: {
      name: r`Softmax`,
      formula: r`\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`,
      range: r`(0, 1),\ \textstyle\sum_i y_i = 1`,
      notes: r`把一组得分变成各类别上的概率分布：多分类的输出层，配合分类交叉熵使用。它作用于整个最后一个轴，而不是逐个数值。`,
    },
    softplus: {
      name: r`Softplus`,
      formula: r`f(x) = \ln(1 + e^x)`,
      range: r`(0, \infty)`,
      notes: r`平滑版的 ReLU，其梯度正是 Sigmoid；适合输出必须严格为正的场合（方差、速率）。`,
    },
    softsign: {
      name: r`Softsign`,
      formula: r`f(x) = \frac{x}{1 + |x|}`,
      range: r`(-1, 1)`,
      notes: r`与 Tanh 相似，但以多项式速度趋近极限，饱和得更慢。`,
    },
    swish: {
      name: r`Swish / SiLU`,
      formula: r`f(x) = x \cdot \sigma(x)`,
      range: r`[\approx -0.28, \infty)`,
      notes: r`平滑、略微非单调；输入较大时像 ReLU，但允许小的负值通过，单元不会死亡。在深层 CNN 中常比 ReLU 略好（EfficientNet）。`,
    },
    mish: {
      name: r`Mish`,
      formula: r`f(x) = x \cdot \tanh(\ln(1 + e^x))`,
      range: r`[\approx -0.31, \infty)`,
      notes: r`Swish 的平滑近亲（YOLOv4）；计算稍贵。`,
    },
    gelu: {
      name: r`GELU`,
      formula: r`\text{GELU}(x) = x \cdot \Phi(x) = \frac{x}{2}\Big(1 + \operatorname{erf}\big(\tfrac{x}{\sqrt{2}}\big)\Big)`,
      range: r`[\approx -0.17, \infty)`,
      notes: r`用标准正态变量小于 $x$ 的概率 $\Phi(x)$ 给输入加权：一种平滑的 ReLU，负输入处梯度不为零，非线性更平滑、效果更好。Transformer 前馈层（BERT、GPT）常用的激活函数。`,
    },
  },
};
