/**
 * The one-line hints under inspector fields come from the catalog's zod `.describe()` in
 * English. Chinese hints are keyed by that English text, so an edited English hint shows in
 * English until it is translated again, and the test lists it.
 */
export const PARAM_HINTS_ZH: Record<string, string> = {
  'also output the attention weights [batch, heads, queries, keys]': '同时输出注意力权重 [batch, heads, queries, keys]',
  'also output the final state(s), e.g. to start a decoder': '同时输出最终状态，例如用来启动解码器',
  'apply the reset gate after the recurrent matrix product, with separate input and recurrent biases (Keras 2.1+ default)':
    '在循环矩阵乘法之后施加重置门，输入与循环各有偏置（Keras 2.1+ 的默认做法）',
  'attention heads, each with its own query, key and value projections': '注意力头数，每个头有自己的查询、键、值投影',
  'causal: pad only in front, so each output step sees only the steps up to it': 'causal：只在前面补零，每个输出步只能看到它及之前的步',
  'depthwise output channels per input channel': '每个输入通道的深度卷积输出通道数',
  'features of the output; empty means the query’s': '输出的特征数；留空表示与 query 相同',
  'fixes the sequence length when the input leaves it free': '当输入未固定序列长度时，用它固定',
  'fraction of attention weights dropped while training': '训练时丢弃的注意力权重比例',
  'fraction of the inputs dropped while training': '训练时丢弃的输入比例',
  'fraction of the recurrent connections dropped while training': '训练时丢弃的循环连接比例',
  'fraction of values dropped while training': '训练时丢弃的数值比例',
  'how many times rows and columns are repeated': '行和列各重复几次',
  'how many times the vector is repeated': '向量重复的次数',
  'how the two directions combine: side by side (concat) or element-wise': '两个方向如何合并：并排（concat）或逐元素',
  'id 0 means padding: later recurrent layers skip those steps': '编号 0 表示填充：后面的循环层会跳过这些步',
  'initializes both the depthwise and the pointwise kernel': '同时用于初始化深度卷积核和逐点卷积核',
  'keep the pooled axes with size 1: [1, 1, channels]': '把池化掉的轴保留为大小 1：[1, 1, channels]',
  'keep the pooled axes with size 1: [1, channels]': '把池化掉的轴保留为大小 1：[1, channels]',
  'leakyRelu: slope for negative inputs (default 0.3); elu: scale of the negative part (default 1)':
    'leakyRelu：负输入的斜率（默认 0.3）；elu：负半部分的幅度（默认 1）',
  'learn one scale per feature for the tanh terms': '为 tanh 项的每个特征学习一个缩放',
  'length of each learned vector': '每个学习到的向量的长度',
  'length of each patch’s vector': '每个图块向量的长度',
  'longest wavelength, in steps ÷ 2π; 10000 in the original Transformer': '最长波长（以步数 ÷ 2π 计）；原始 Transformer 中为 10000',
  'new order of the axes after the batch, counted from 1 as in Keras': '批次维之后各轴的新顺序，与 Keras 一样从 1 开始数',
  'number of distinct ids: every id must lie in 0 … inputDim − 1': '不同编号的个数：每个编号必须在 0 … inputDim − 1 之间',
  'one number for all sides, [rows, columns], or [[top, bottom], [left, right]]': '一个数表示四边相同，[行, 列]，或 [[上, 下], [左, 右]]',
  'output channels per input channel': '每个输入通道的输出通道数',
  'output every step [batch, steps, units] instead of only the last [batch, units]': '输出每一步 [batch, steps, units]，而不只是最后一步 [batch, units]',
  'put a learned [CLS] token first; read it back with Take step 0 to classify': '在最前面放一个可学习的 [CLS] 词元；用“取一步”取第 0 步来分类',
  'read the sequence from its end to its start': '从序列末尾读到开头',
  'shape after the batch axis; one entry may be -1 to take whatever size is left': '批次维之后的形状；可有一项为 -1，取剩下的大小',
  'side of each square patch, in pixels': '每个正方形图块的边长（像素）',
  'size of each head’s query and key vectors': '每个头的查询和键向量的大小',
  'size of each head’s value vectors; empty means keyDim': '每个头的值向量的大小；留空表示等于 keyDim',
  'start the forget gate’s bias at 1, so the cell remembers by default': '遗忘门偏置初始为 1，细胞默认保持记忆',
  'step between windows; empty means the pool size': '窗口之间的步长；留空表示等于池化大小',
  'step i only looks at steps ≤ i': '第 i 步只关注 ≤ i 的步',
  'step i only looks at steps ≤ i (a decoder must not see the future)': '第 i 步只关注 ≤ i 的步（解码器不能看到未来）',
  'the axis joined along; -1 is the last (features)': '沿哪个轴拼接；-1 为最后一个轴（特征）',
  'the feature axis normalized along; -1 is the last': '沿哪个特征轴标准化；-1 为最后一个轴',
  'the longest sequence it learns positions for': '它为之学习位置的最长序列',
  'the step kept; negative counts from the end (−1 is the last)': '保留哪一步；负数从末尾数起（−1 为最后一步）',
};

/** The hint under a parameter field in the interface language; English where no translation exists yet. */
export function paramHint(language: string, english: string): string {
  return language === 'zh-CN' ? (PARAM_HINTS_ZH[english] ?? english) : english;
}
