import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'BatchNormalization',
    palette: { 'zh-CN': { label: '批归一化', doc: '训练时用批次的均值和方差归一化每个特征，之后使用滑动平均值。' } },
    teaching: {
      en: {
        what: r`Normalizes each feature with the mean and variance of the current batch while training (running averages at inference), then applies a learned scale $\gamma$ and shift $\beta$.`,
        formula: r`y = \gamma\, \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta`,
        params: r`axis: the feature axis (-1, the channels). momentum: how fast the running averages follow. epsilon: keeps the division stable. center / scale: learn $\beta$ / $\gamma$.`,
        shape: r`The shape is unchanged. 4 values per feature, 2 of them trainable.`,
        use: r`In CNNs between a convolution and its activation: training is faster and tolerates larger learning rates. Small batches make its statistics noisy; prefer layer normalization there and in sequence models.`,
      },
      'zh-CN': {
        what: r`训练时用当前批次的均值和方差标准化每个特征（推理时用滑动平均），再乘以可学习的缩放 $\gamma$、加上平移 $\beta$。`,
        formula: r`y = \gamma\, \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta`,
        params: r`axis：特征轴（-1，即通道）。momentum：滑动平均跟随的快慢。epsilon：保证除法稳定。center / scale：是否学习 $\beta$ / $\gamma$。`,
        shape: r`形状不变。每个特征 4 个数，其中 2 个可训练。`,
        use: r`在 CNN 中放在卷积与激活之间：训练更快，能承受更大的学习率。批次很小时统计量噪声大；这种情况及序列模型中宜用层归一化。`,
      },
    },
  },
];
