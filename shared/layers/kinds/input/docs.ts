import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Input',
    palette: { 'zh-CN': { label: '输入', doc: '数据进入网络的地方；形状不含批次维度。' } },
    teaching: {
      en: {
        what: r`Declares the shape of one sample entering the network. It computes nothing and has no weights.`,
        params: r`shape: the sample's dimensions without the batch, e.g. [784] for a flattened image or [28, 28, 1] for a greyscale one. dtype: float32 for measurements, int32 for token or node ids. role: in a graph model, what this Input carries (node features, the edge index, edge features or graph ids).`,
        shape: r`Output: [batch, …shape]. The batch dimension is left free (null) so any batch size fits.`,
        use: r`Every network starts with one Input per kind of data it reads (a sequence-to-sequence model or a graph model may have two).`,
      },
      'zh-CN': {
        what: r`声明进入网络的单个样本的形状。它不做计算，也没有权重。`,
        params: r`shape：样本去掉批次维后的各维大小，如展平图像为 [784]，灰度图为 [28, 28, 1]。dtype：测量值用 float32，词元或节点编号用 int32。role：图模型中这个 Input 承载什么（节点特征、边索引、边特征或图编号）。`,
        shape: r`输出：[batch, …shape]。批次维留空（null），任意批大小都可以。`,
        use: r`每个网络都从 Input 开始，每种输入数据一个（序列到序列模型或图模型可能有两个）。`,
      },
    },
  },
];
