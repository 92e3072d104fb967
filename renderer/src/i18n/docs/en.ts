import type { DocsBundle } from './types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const en: DocsBundle = {
  activations: {
    linear: {
      name: r`Linear (identity)`,
      formula: r`f(x) = x`,
      range: r`(-\infty, \infty)`,
      notes: r`No non-linearity at all. Use it on the output of a regression; in hidden layers it makes the network collapse into one linear map.`,
    },
    relu: {
      name: r`ReLU`,
      formula: r`\text{ReLU}(x) = \max(0, x)`,
      range: r`[0, \infty)`,
      notes: r`Cheap, and its gradient is exactly 1 for positive inputs, so it does not vanish through deep stacks (one reason AlexNet trained in 2012); outputs are sparse. But the gradient is 0 for negative inputs: a unit pushed to always-negative inputs stops learning ("dying ReLU"). The default for hidden layers.`,
    },
    relu6: {
      name: r`ReLU6`,
      formula: r`f(x) = \min(\max(0, x), 6)`,
      range: r`[0, 6]`,
      notes: r`ReLU capped at 6, which keeps values small for low-precision (mobile) inference; used in MobileNet.`,
    },
    leakyRelu: {
      name: r`Leaky ReLU`,
      formula: r`f(x) = \begin{cases} x & x \ge 0 \\ \alpha x & x < 0 \end{cases}`,
      range: r`(-\infty, \infty)`,
      notes: r`Keeps a small slope $\alpha$ (0.3 here by default; 0.01 is also common) for negative inputs, so the gradient never becomes exactly 0 and units cannot die.`,
    },
    elu: {
      name: r`ELU`,
      formula: r`f(x) = \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}`,
      range: r`(-\alpha, \infty)`,
      notes: r`Smooth for negative inputs and saturates at $-\alpha$, so mean outputs are closer to zero than ReLU's and units do not die; slightly more costly.`,
    },
    selu: {
      name: r`SELU`,
      formula: r`f(x) = \lambda \begin{cases} x & x \ge 0 \\ \alpha (e^x - 1) & x < 0 \end{cases}, \quad \lambda \approx 1.0507,\ \alpha \approx 1.6733`,
      range: r`(-\lambda\alpha, \infty) \approx (-1.76, \infty)`,
      notes: r`Scaled so activations keep mean 0 and variance 1 through many Dense layers (self-normalizing networks), with LeCun-normal initialization.`,
    },
    sigmoid: {
      name: r`Sigmoid`,
      formula: r`\sigma(x) = \frac{1}{1 + e^{-x}}`,
      range: r`(0, 1)`,
      notes: r`Reads as a probability: the output of a yes/no classifier and the gates of an LSTM. In hidden layers its gradient (at most 0.25) vanishes for large $|x|$, its outputs are not zero-centred and it costs an exponential.`,
    },
    hardSigmoid: {
      name: r`Hard sigmoid`,
      formula: r`f(x) = \max\big(0, \min(1,\ 0.2x + 0.5)\big)`,
      range: r`[0, 1]`,
      notes: r`A piecewise-linear sigmoid: cheaper, with zero gradient outside $[-2.5, 2.5]$.`,
    },
    tanh: {
      name: r`Tanh`,
      formula: r`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`,
      range: r`(-1, 1)`,
      notes: r`Zero-centred, which helps the next layer learn; the state function of RNNs and LSTMs. Like the sigmoid it saturates, so gradients still vanish for large $|x|$.`,
    },
    softmax: {
      name: r`Softmax`,
      formula: r`\operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`,
      range: r`(0, 1),\ \textstyle\sum_i y_i = 1`,
      notes: r`Turns a vector of scores into a probability distribution over classes: the output of a multi-class classifier, used with categorical cross-entropy. It acts on the last axis as a whole, not value by value.`,
    },
    softplus: {
      name: r`Softplus`,
      formula: r`f(x) = \ln(1 + e^x)`,
      range: r`(0, \infty)`,
      notes: r`A smooth ReLU whose gradient is the sigmoid; useful where an output must be strictly positive (a variance, a rate).`,
    },
    softsign: {
      name: r`Softsign`,
      formula: r`f(x) = \frac{x}{1 + |x|}`,
      range: r`(-1, 1)`,
      notes: r`Like tanh but approaches its limits polynomially, so it saturates more slowly.`,
    },
    swish: {
      name: r`Swish / SiLU`,
      formula: r`f(x) = x \cdot \sigma(x)`,
      range: r`[\approx -0.28, \infty)`,
      notes: r`Smooth and slightly non-monotonic; behaves like ReLU for large inputs but lets small negative values through, so units do not die. Often a little better than ReLU in deep CNNs (EfficientNet).`,
    },
    mish: {
      name: r`Mish`,
      formula: r`f(x) = x \cdot \tanh(\ln(1 + e^x))`,
      range: r`[\approx -0.31, \infty)`,
      notes: r`A smooth relative of Swish (YOLOv4); a little more costly to compute.`,
    },
    gelu: {
      name: r`GELU`,
      formula: r`\text{GELU}(x) = x \cdot \Phi(x) = \frac{x}{2}\Big(1 + \operatorname{erf}\big(\tfrac{x}{\sqrt{2}}\big)\Big)`,
      range: r`[\approx -0.17, \infty)`,
      notes: r`Weights each input by the probability $\Phi(x)$ that a standard normal value is below it: a smooth ReLU whose gradient is non-zero for negative inputs. The activation of Transformer feed-forward layers (BERT, GPT).`,
    },
  },
};
