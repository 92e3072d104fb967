import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Flatten',
    palette: { 'zh-CN': { label: '展平', doc: '把一个样本的所有值排成一行，例如 [28, 28, 1] → [784]，以便接全连接层。' } },
    teaching: {
      en: {
        what: r`Lays every value of a sample out in one row, keeping their order.`,
        shape: r`[batch, d_1, …, d_k] → [batch, d_1 · … · d_k], e.g. [28, 28, 1] → [784].`,
        use: r`Between convolution / pooling stages and Dense layers (as in LeNet-5). Global pooling is an alternative that keeps fewer values.`,
      },
      'zh-CN': {
        what: r`把一个样本的所有值按原顺序排成一行。`,
        shape: r`[batch, d_1, …, d_k] → [batch, d_1 · … · d_k]，如 [28, 28, 1] → [784]。`,
        use: r`放在卷积 / 池化与 Dense 之间（如 LeNet-5）。全局池化是保留更少数值的另一种做法。`,
      },
    },
  },
];
