import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'MaxPooling1D',
    palette: { 'zh-CN': { label: '一维最大池化', doc: '缩短序列：保留每个步长窗口中的最大值。' } },
    teaching: {
      en: {
        what: r`Keeps the largest value of each window of steps, per channel.`,
        params: r`poolSize: window length. strides: defaults to poolSize. padding.`,
        shape: r`[batch, steps, C] → [batch, ⌊steps/poolSize⌋, C].`,
        use: r`Between Conv1D layers to shorten a sequence.`,
      },
      'zh-CN': {
        what: r`每个通道在每个时间步窗口内保留最大值。`,
        params: r`poolSize：窗口长度。strides：默认等于 poolSize。padding。`,
        shape: r`[batch, steps, C] → [batch, ⌊steps/poolSize⌋, C]。`,
        use: r`放在 Conv1D 之间缩短序列。`,
      },
    },
  },
  {
    type: 'MaxPooling2D',
    palette: { 'zh-CN': { label: '二维最大池化', doc: '缩小图像：在每个通道上保留每个像素窗口中的最大值。' } },
    teaching: {
      en: {
        what: r`Keeps the largest value of each window, per channel. No weights: small shifts of a feature inside the window do not change the output.`,
        formula: r`y_{i,j,c} = \max_{0 \le u,v < k} x_{i s + u,\, j s + v,\, c}`,
        params: r`poolSize $k$: window size, usually 2×2. strides $s$: defaults to poolSize. padding: 'valid' or 'same'.`,
        shape: r`[batch, H, W, C] → [batch, ⌊H/2⌋, ⌊W/2⌋, C] for 2×2 windows.`,
        use: r`After convolution stages to shrink the image and keep the strongest responses; the usual pooling in modern CNNs.`,
      },
      'zh-CN': {
        what: r`每个通道在每个窗口内只保留最大值。没有权重：特征在窗口内小幅平移，输出不变。`,
        formula: r`y_{i,j,c} = \max_{0 \le u,v < k} x_{i s + u,\, j s + v,\, c}`,
        params: r`poolSize $k$：窗口大小，通常 2×2。strides $s$：默认等于 poolSize。padding：'valid' 或 'same'。`,
        shape: r`2×2 窗口：[batch, H, W, C] → [batch, ⌊H/2⌋, ⌊W/2⌋, C]。`,
        use: r`放在卷积之后，缩小图像并保留最强响应；现代 CNN 最常用的池化（降维、增强平移不变性）。`,
      },
    },
  },
  {
    type: 'AveragePooling1D',
    palette: { 'zh-CN': { label: '一维平均池化', doc: '缩短序列：对每个步长窗口求平均。' } },
    teaching: {
      en: {
        what: r`Averages each window of steps, per channel.`,
        params: r`poolSize, strides, padding.`,
        shape: r`[batch, steps, C] → [batch, ⌊steps/poolSize⌋, C].`,
        use: r`A smoothing down-sampling of sequences.`,
      },
      'zh-CN': {
        what: r`每个通道对每个时间步窗口求平均。`,
        params: r`poolSize、strides、padding。`,
        shape: r`[batch, steps, C] → [batch, ⌊steps/poolSize⌋, C]。`,
        use: r`对序列做平滑的降采样。`,
      },
    },
  },
  {
    type: 'AveragePooling2D',
    palette: { 'zh-CN': { label: '二维平均池化', doc: '缩小图像：在每个通道上对每个像素窗口求平均。' } },
    teaching: {
      en: {
        what: r`Averages each window, per channel. No weights.`,
        formula: r`y_{i,j,c} = \frac{1}{k^2} \sum_{u,v} x_{i s + u,\, j s + v,\, c}`,
        params: r`poolSize, strides, padding as in max pooling.`,
        shape: r`[batch, H, W, C] → [batch, ⌊H/2⌋, ⌊W/2⌋, C] for 2×2 windows.`,
        use: r`A smoother down-sampling than max pooling; the original LeNet-5 used it.`,
      },
      'zh-CN': {
        what: r`每个通道对每个窗口求平均。没有权重。`,
        formula: r`y_{i,j,c} = \frac{1}{k^2} \sum_{u,v} x_{i s + u,\, j s + v,\, c}`,
        params: r`poolSize、strides、padding 同最大池化。`,
        shape: r`2×2 窗口：[batch, H, W, C] → [batch, ⌊H/2⌋, ⌊W/2⌋, C]。`,
        use: r`比最大池化更平滑的降采样；最初的 LeNet-5 用的就是它。`,
      },
    },
  },
  {
    type: 'GlobalMaxPooling1D',
    palette: { 'zh-CN': { label: '一维全局最大池化', doc: '每个通道一个值：序列所有步中的最大值。适用于任意长度。' } },
    teaching: {
      en: {
        what: r`Keeps the largest value of every channel over all steps.`,
        formula: r`y_c = \max_{t} x_{t,c}`,
        params: r`keepDims: keep the step axis as size 1.`,
        shape: r`[batch, steps, C] → [batch, C].`,
        use: r`When one strong match anywhere in the sequence decides (a keyword in a text).`,
      },
      'zh-CN': {
        what: r`每个通道在全部时间步中取最大值。`,
        formula: r`y_c = \max_{t} x_{t,c}`,
        params: r`keepDims：把时间轴保留为大小 1。`,
        shape: r`[batch, steps, C] → [batch, C]。`,
        use: r`序列中任意位置出现一次强匹配就能决定结果时（如文本中的关键词）。`,
      },
    },
  },
  {
    type: 'GlobalMaxPooling2D',
    palette: { 'zh-CN': { label: '二维全局最大池化', doc: '每个通道一个值：图像所有像素中的最大值。适用于任意尺寸。' } },
    teaching: {
      en: {
        what: r`Keeps the largest value of every channel over all pixels.`,
        formula: r`y_c = \max_{i,j} x_{i,j,c}`,
        params: r`keepDims: keep the spatial axes as size 1.`,
        shape: r`[batch, H, W, C] → [batch, C].`,
        use: r`When the question is whether a feature appears anywhere in the image, not how much of it.`,
      },
      'zh-CN': {
        what: r`每个通道在全部像素中取最大值。`,
        formula: r`y_c = \max_{i,j} x_{i,j,c}`,
        params: r`keepDims：把空间轴保留为大小 1。`,
        shape: r`[batch, H, W, C] → [batch, C]。`,
        use: r`关心的是某个特征是否在图中出现过，而不是出现了多少。`,
      },
    },
  },
  {
    type: 'GlobalAveragePooling1D',
    palette: { 'zh-CN': { label: '一维全局平均池化', doc: '每个通道一个值：序列所有步的平均值。适用于任意长度。' } },
    teaching: {
      en: {
        what: r`Averages every channel over all steps of a sequence (masked steps are skipped).`,
        formula: r`y_c = \frac{1}{T} \sum_{t} x_{t,c}`,
        params: r`keepDims: keep the step axis as size 1.`,
        shape: r`[batch, steps, C] → [batch, C].`,
        use: r`To summarize a sequence for a classifier, e.g. after embeddings or a Transformer encoder; any length works.`,
      },
      'zh-CN': {
        what: r`每个通道对序列的全部时间步求平均（被遮罩的步会跳过）。`,
        formula: r`y_c = \frac{1}{T} \sum_{t} x_{t,c}`,
        params: r`keepDims：把时间轴保留为大小 1。`,
        shape: r`[batch, steps, C] → [batch, C]。`,
        use: r`为分类器概括整个序列，如在词嵌入或 Transformer 编码器之后；任意长度都可以。`,
      },
    },
  },
  {
    type: 'GlobalAveragePooling2D',
    palette: { 'zh-CN': { label: '二维全局平均池化', doc: '每个通道一个值：图像所有像素的平均值。适用于任意尺寸。' } },
    teaching: {
      en: {
        what: r`Averages every channel over all pixels: one number per channel.`,
        formula: r`y_c = \frac{1}{HW} \sum_{i,j} x_{i,j,c}`,
        params: r`keepDims: keep the spatial axes as size 1.`,
        shape: r`[batch, H, W, C] → [batch, C].`,
        use: r`Instead of Flatten before the classifier: far fewer weights, and works for any image size (ResNet does this).`,
      },
      'zh-CN': {
        what: r`每个通道对全部像素求平均：每个通道一个数。`,
        formula: r`y_c = \frac{1}{HW} \sum_{i,j} x_{i,j,c}`,
        params: r`keepDims：把空间轴保留为大小 1。`,
        shape: r`[batch, H, W, C] → [batch, C]。`,
        use: r`代替分类器前的 Flatten：参数少得多，且适用于任意图像尺寸（ResNet 就这样做）。`,
      },
    },
  },
];
