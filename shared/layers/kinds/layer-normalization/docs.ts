import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'LayerNormalization',
    palette: { 'zh-CN': { label: '层归一化', doc: '在每个样本的特征上归一化（均值 0、方差 1），再缩放和平移；Transformer 使用的归一化。' } },
    teaching: {
      en: {
        what: r`Normalizes each sample over its own features (mean 0, variance 1), independent of the rest of the batch, then scales and shifts.`,
        formula: r`y = \gamma\, \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta`,
        params: r`axis: the axes normalized over (the last by default); $\mu$ and $\sigma^2$ are taken over the features of one sample. epsilon, center, scale as in batch normalization.`,
        shape: r`The shape is unchanged. 2 trainable values per feature.`,
        use: r`The normalization of Transformers and recurrent models: it behaves the same for any batch size and at inference.`,
      },
      'zh-CN': {
        what: r`对每个样本在自身特征上标准化（均值 0、方差 1），与批次中其他样本无关，再缩放和平移。`,
        formula: r`y = \gamma\, \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta`,
        params: r`axis：在哪些轴上标准化（默认最后一个）。$\mu$、$\sigma^2$ 按单个样本的特征计算。epsilon、center、scale 同批归一化。`,
        shape: r`形状不变。每个特征 2 个可训练参数。`,
        use: r`Transformer 和循环模型使用的归一化：任意批大小、推理时表现都一致。`,
      },
    },
  },
];
