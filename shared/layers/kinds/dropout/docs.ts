import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Dropout',
    palette: { 'zh-CN': { label: 'Dropout', doc: '训练时随机将一部分值置零，使网络不能依赖其中任何一个。' } },
    teaching: {
      en: {
        what: r`While training, sets each value to zero with probability rate and scales the rest by $1/(1-\text{rate})$; at inference it passes values through unchanged.`,
        formula: r`y = \frac{m \odot x}{1 - p}, \quad m_i \sim \text{Bernoulli}(1 - p)`,
        params: r`rate $p$: the fraction dropped; 0.1–0.5 is typical.`,
        shape: r`The shape is unchanged. No weights.`,
        use: r`Against overfitting, when training accuracy runs well ahead of validation accuracy: no unit can rely on one particular other unit.`,
      },
      'zh-CN': {
        what: r`训练时以概率 rate 把每个值置零，其余值乘以 $1/(1-\text{rate})$；推理时原样通过。`,
        formula: r`y = \frac{m \odot x}{1 - p}, \quad m_i \sim \text{Bernoulli}(1 - p)`,
        params: r`rate $p$：丢弃的比例，常用 0.1–0.5。`,
        shape: r`形状不变，没有权重。`,
        use: r`对付过拟合（训练准确率明显高于验证准确率时）：任何单元都无法依赖某一个特定单元。`,
      },
    },
  },
];
