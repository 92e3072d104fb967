import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Permute',
    palette: { 'zh-CN': { label: '轴置换', doc: '重新排列批次之后的各轴，例如 dims [2, 1] 交换时间轴和特征轴。' } },
    teaching: {
      en: {
        what: r`Reorders the axes after the batch, moving values rather than reinterpreting them.`,
        params: r`dims: the new order of axes, counted from 1; [2, 1] swaps the two axes.`,
        shape: r`[batch, a, b] with dims [2, 1] → [batch, b, a].`,
        use: r`To treat features as time steps or the other way round, e.g. before a Conv1D over a different axis.`,
      },
      'zh-CN': {
        what: r`重新排列批次维之后的各个轴：移动数值，而不是重新解释它们。`,
        params: r`dims：各轴的新顺序，从 1 开始数；[2, 1] 交换两个轴。`,
        shape: r`[batch, a, b] 配 dims [2, 1] → [batch, b, a]。`,
        use: r`把特征当作时间步或反过来，例如让 Conv1D 沿另一个轴卷积。`,
      },
    },
  },
];
