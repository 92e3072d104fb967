import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'SimpleRNN',
    palette: { 'zh-CN': { label: '简单 RNN', doc: '最基本的循环层：每一步把输入与上一步的输出混合。' } },
    teaching: {
      en: {
        what: r`Reads a sequence step by step; its hidden state mixes the current input with the previous state, so information flows along time.`,
        formula: r`h_t = \tanh(W x_t + U h_{t-1} + b)`,
        params: r`units: size of the hidden state. returnSequences: output every step's state rather than only the last. dropout / recurrentDropout: regularization of inputs / state.`,
        shape: r`[batch, steps, features] → [batch, units], or [batch, steps, units] with returnSequences.`,
        use: r`Short sequences and for teaching. Gradients through many steps are multiplied many times and vanish, so it forgets long-range context; prefer LSTM or GRU.`,
      },
      'zh-CN': {
        what: r`逐步读取序列；隐藏状态把当前输入与上一步的状态混合，信息由此沿时间传递。`,
        formula: r`h_t = \tanh(W x_t + U h_{t-1} + b)`,
        params: r`units：隐藏状态的大小。returnSequences：输出每一步的状态，而不只是最后一步。dropout / recurrentDropout：对输入 / 状态的正则化。`,
        shape: r`[batch, steps, features] → [batch, units]；开启 returnSequences 时为 [batch, steps, units]。`,
        use: r`短序列和教学。梯度穿过很多步时被反复相乘而消失，因此记不住远处的上下文；应优先用 LSTM 或 GRU。`,
      },
    },
  },
  {
    type: 'LSTM',
    palette: { 'zh-CN': { label: 'LSTM', doc: '长短期记忆网络：带门控的循环层，能在长序列中保持细胞状态。' } },
    teaching: {
      en: {
        what: r`Long short-term memory: a recurrent layer with a cell state $c_t$ and three gates. The forget gate decides what to keep, the input gate what to write, the output gate what to show. Because the cell state is updated by addition, gradients survive many steps.`,
        formula: r`\begin{aligned} f_t, i_t, o_t &= \sigma(W x_t + U h_{t-1} + b) \\ c_t &= f_t \odot c_{t-1} + i_t \odot \tanh(W_c x_t + U_c h_{t-1} + b_c) \\ h_t &= o_t \odot \tanh(c_t) \end{aligned}`,
        params: r`units: size of $h$ and $c$. returnSequences: every step's output (needed before another recurrent layer). Weights: $4 \cdot (\text{features} \cdot \text{units} + \text{units}^2 + \text{units})$.`,
        shape: r`[batch, steps, features] → [batch, units], or [batch, steps, units] with returnSequences.`,
        use: r`Text, speech and time series with long-range dependencies; still useful for streaming and low-latency work, though Transformers lead on most sequence tasks.`,
      },
      'zh-CN': {
        what: r`长短期记忆网络：带细胞状态 $c_t$ 和三个门的循环层。遗忘门决定保留什么，输入门决定写入什么，输出门决定输出什么。细胞状态以加法更新，梯度能跨越很多步而不消失。`,
        formula: r`\begin{aligned} f_t, i_t, o_t &= \sigma(W x_t + U h_{t-1} + b) \\ c_t &= f_t \odot c_{t-1} + i_t \odot \tanh(W_c x_t + U_c h_{t-1} + b_c) \\ h_t &= o_t \odot \tanh(c_t) \end{aligned}`,
        params: r`units：$h$ 和 $c$ 的大小。returnSequences：输出每一步（后面再接循环层时需要）。参数量：$4 \cdot (\text{features} \cdot \text{units} + \text{units}^2 + \text{units})$。`,
        shape: r`[batch, steps, features] → [batch, units]；开启 returnSequences 时为 [batch, steps, units]。`,
        use: r`有长距离依赖的文本、语音和时间序列；虽然多数序列任务上 Transformer 更强，LSTM 在流式、低延迟场景中仍有价值。`,
      },
    },
  },
  {
    type: 'GRU',
    palette: { 'zh-CN': { label: 'GRU', doc: '门控循环单元：比 LSTM 更轻量的门控循环层。' } },
    teaching: {
      en: {
        what: r`Gated recurrent unit: a lighter LSTM with two gates (update and reset) and no separate cell state.`,
        formula: r`\begin{aligned} z_t &= \sigma(W_z x_t + U_z h_{t-1}), \quad r_t = \sigma(W_r x_t + U_r h_{t-1}) \\ h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tanh(W x_t + U (r_t \odot h_{t-1})) \end{aligned}`,
        params: r`units, returnSequences as in LSTM; about three quarters of its weights. resetAfter: the cuDNN / Keras 2 variant.`,
        shape: r`[batch, steps, features] → [batch, units], or [batch, steps, units] with returnSequences.`,
        use: r`Like LSTM, when fewer weights or faster training matter; results are usually comparable.`,
      },
      'zh-CN': {
        what: r`门控循环单元：更轻的 LSTM，只有更新门和重置门两个门，没有单独的细胞状态。`,
        formula: r`\begin{aligned} z_t &= \sigma(W_z x_t + U_z h_{t-1}), \quad r_t = \sigma(W_r x_t + U_r h_{t-1}) \\ h_t &= (1 - z_t) \odot h_{t-1} + z_t \odot \tanh(W x_t + U (r_t \odot h_{t-1})) \end{aligned}`,
        params: r`units、returnSequences 同 LSTM，参数约为其四分之三。resetAfter：cuDNN / Keras 2 的变体。`,
        shape: r`[batch, steps, features] → [batch, units]；开启 returnSequences 时为 [batch, steps, units]。`,
        use: r`与 LSTM 相同的场景，在更看重参数少、训练快时使用；效果通常相当。`,
      },
    },
  },
];
