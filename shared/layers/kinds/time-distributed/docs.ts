import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'TimeDistributed',
    palette: { 'zh-CN': { label: '时间分布', doc: '对序列的每个时间步应用同一个层（共享同一组权重）。' } },
    teaching: {
      en: {
        what: r`Applies the same inner layer, with the same weights, to every time step separately.`,
        params: r`layer: the layer applied per step (often Dense).`,
        shape: r`[batch, steps, …] → [batch, steps, …inner output].`,
        use: r`A per-step classifier after a recurrent layer with returnSequences (sequence labelling).`,
      },
      'zh-CN': {
        what: r`把同一个内层（同一组权重）分别作用在每个时间步上。`,
        params: r`layer：逐步施加的层（常为 Dense）。`,
        shape: r`[batch, steps, …] → [batch, steps, …内层输出]。`,
        use: r`在开启 returnSequences 的循环层之后做逐步分类（序列标注）。`,
      },
    },
  },
];
