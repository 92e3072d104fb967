import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'Conv1D',
    palette: { 'zh-CN': { label: '一维卷积', doc: '在序列 [步数, 通道] 上滑动可学习的滤波器：发现时间或文本中的局部模式。' } },
    teaching: {
      en: {
        what: r`Slides learned filters along the steps of a sequence. Each output is a weighted sum over a window of kernelSize steps and all channels; the same weights are used at every position (weight sharing).`,
        formula: r`y_{t,f} = \varphi\Big(b_f + \sum_{k=0}^{K-1} \sum_{c} W_{k,c,f}\, x_{t \cdot s + k \cdot d,\, c}\Big)`,
        params: r`filters: output channels. kernelSize $K$: window length. strides $s$: step between windows. padding: 'valid' shrinks the sequence, 'same' keeps its length. dilationRate $d$: gaps inside the window to see further.`,
        shape: r`[batch, steps, channels] → [batch, steps', filters]; with 'valid', $\text{steps}' = \lfloor (\text{steps} - d(K-1) - 1)/s \rfloor + 1$.`,
        use: r`Local patterns in time series, audio or text: cheaper than a recurrent layer and easy to parallelize.`,
      },
      'zh-CN': {
        what: r`沿序列的时间步滑动可学习的卷积核。每个输出是 kernelSize 个步长窗口内、全部通道的加权和；每个位置共用同一组权重（权值共享）。`,
        formula: r`y_{t,f} = \varphi\Big(b_f + \sum_{k=0}^{K-1} \sum_{c} W_{k,c,f}\, x_{t \cdot s + k \cdot d,\, c}\Big)`,
        params: r`filters：输出通道数。kernelSize $K$：窗口长度。strides $s$：窗口间的步长。padding：'valid' 会缩短序列，'same' 保持长度。dilationRate $d$：窗口内留空隙，看得更远。`,
        shape: r`[batch, steps, channels] → [batch, steps', filters]；'valid' 时 $\text{steps}' = \lfloor (\text{steps} - d(K-1) - 1)/s \rfloor + 1$。`,
        use: r`时间序列、音频、文本中的局部模式：比循环层便宜，而且容易并行。`,
      },
    },
  },
  {
    type: 'Conv2D',
    palette: { 'zh-CN': { label: '二维卷积', doc: '在图像 [高, 宽, 通道] 上滑动可学习的滤波器：发现边缘、纹理和部件。' } },
    teaching: {
      en: {
        what: r`Slides learned filters over an image. Each output pixel of a filter is a weighted sum over a kernel-sized window across all input channels, plus a bias. The same filter is applied everywhere, so a pattern is found wherever it appears, with far fewer weights than a Dense layer.`,
        formula: r`y_{i,j,f} = \varphi\Big(b_f + \sum_{u,v,c} W_{u,v,c,f}\, x_{i s + u,\, j s + v,\, c}\Big)`,
        params: r`filters: how many patterns (output channels). kernelSize: window size, 3×3 is the usual choice. strides $s$: step between windows (2 halves the size). padding: 'valid' or 'same'. Weights: $k_h k_w C_{in} \cdot \text{filters} + \text{filters}$.`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters]; with 'valid', $H' = \lfloor (H - k_h)/s \rfloor + 1$; with 'same', $H' = \lceil H/s \rceil$.`,
        use: r`Images and any grid data. Early layers find edges and textures, deeper ones parts and objects. Usually stacked with pooling, then a classifier head (LeNet-5, VGG, ResNet).`,
      },
      'zh-CN': {
        what: r`在图像上滑动可学习的卷积核（滤波器）。每个滤波器的每个输出像素，是一个核大小窗口内、全部输入通道的加权和再加偏置。同一个滤波器处处共用，因此无论图案出现在哪里都能找到，参数也远少于 Dense。`,
        formula: r`y_{i,j,f} = \varphi\Big(b_f + \sum_{u,v,c} W_{u,v,c,f}\, x_{i s + u,\, j s + v,\, c}\Big)`,
        params: r`filters：图案个数（输出通道数）。kernelSize：窗口大小，常用 3×3。strides $s$：窗口间的步长（2 使尺寸减半）。padding：'valid' 或 'same'。参数量：$k_h k_w C_{in} \cdot \text{filters} + \text{filters}$。`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters]；'valid' 时 $H' = \lfloor (H - k_h)/s \rfloor + 1$，'same' 时 $H' = \lceil H/s \rceil$。`,
        use: r`图像及任何网格数据。浅层学到边缘和纹理，深层学到部件和物体。通常与池化交替堆叠，最后接分类头（LeNet-5、VGG、ResNet）。`,
      },
    },
  },
  {
    type: 'Conv2DTranspose',
    palette: { 'zh-CN': { label: '二维转置卷积', doc: '可学习的上采样：把每个输入像素铺展到一个卷积核大小的区域（解码器、GAN 生成器）。' } },
    teaching: {
      en: {
        what: r`The reverse direction of a strided convolution: each input pixel spreads a learned kernel-sized patch into a larger output, overlaps adding up. A learned upsampling.`,
        params: r`filters: output channels. kernelSize, strides: strides 2 roughly doubles height and width. padding: 'same' makes the output exactly input × strides.`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters]; 'same': $H' = H s$; 'valid': $H' = (H-1)s + k_h$.`,
        use: r`Decoders, segmentation networks (U-Net) and GAN generators that grow an image from a small code. UpSampling2D + Conv2D is an alternative with fewer checkerboard artefacts.`,
      },
      'zh-CN': {
        what: r`带步长卷积的反方向：每个输入像素把一个可学习的核大小图块铺到更大的输出上，重叠处相加。是一种可学习的上采样。`,
        params: r`filters：输出通道数。kernelSize、strides：步长 2 约使高和宽加倍。padding：'same' 使输出恰为 输入 × 步长。`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters]；'same'：$H' = H s$；'valid'：$H' = (H-1)s + k_h$。`,
        use: r`解码器、分割网络（U-Net）和从小编码生成图像的 GAN 生成器。UpSampling2D + Conv2D 是棋盘伪影更少的替代。`,
      },
    },
  },
  {
    type: 'DepthwiseConv2D',
    palette: { 'zh-CN': { label: '二维深度卷积', doc: '对每个通道单独滤波（不跨通道混合）：MobileNet 模块中计算量小的那一半。' } },
    teaching: {
      en: {
        what: r`Convolves each input channel with its own filter(s); channels are never mixed.`,
        params: r`kernelSize, strides, padding as in Conv2D. depthMultiplier: filters per input channel. Weights: $k_h k_w C \cdot \text{depthMultiplier}$ (+ bias).`,
        shape: r`[batch, H, W, C] → [batch, H', W', C · depthMultiplier].`,
        use: r`The spatial half of a MobileNet block; follow it with a 1×1 Conv2D to mix channels.`,
      },
      'zh-CN': {
        what: r`每个输入通道用自己的卷积核单独卷积，通道之间从不混合。`,
        params: r`kernelSize、strides、padding 同 Conv2D。depthMultiplier：每个输入通道的卷积核个数。参数量：$k_h k_w C \cdot \text{depthMultiplier}$（加偏置）。`,
        shape: r`[batch, H, W, C] → [batch, H', W', C · depthMultiplier]。`,
        use: r`MobileNet 模块中负责空间的那一半；之后接 1×1 的 Conv2D 混合通道。`,
      },
    },
  },
  {
    type: 'SeparableConv2D',
    palette: { 'zh-CN': { label: '二维可分离卷积', doc: '深度卷积之后接一个混合通道的 1×1 卷积：用少得多的权重实现 Conv2D 的效果。' } },
    teaching: {
      en: {
        what: r`A depthwise convolution (each channel filtered on its own) followed by a 1×1 convolution that mixes channels.`,
        params: r`filters: output channels. kernelSize, strides, padding, depthMultiplier. Weights: $k_h k_w C \cdot m + C m \cdot \text{filters}$, far fewer than Conv2D's $k_h k_w C \cdot \text{filters}$.`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters], spatial size as in Conv2D.`,
        use: r`Where Conv2D is too large or slow (mobile models, Xception).`,
      },
      'zh-CN': {
        what: r`先做深度卷积（每个通道单独滤波），再用 1×1 卷积混合通道。`,
        params: r`filters：输出通道数。kernelSize、strides、padding、depthMultiplier。参数量：$k_h k_w C \cdot m + C m \cdot \text{filters}$，远少于 Conv2D 的 $k_h k_w C \cdot \text{filters}$。`,
        shape: r`[batch, H, W, C] → [batch, H', W', filters]，空间尺寸同 Conv2D。`,
        use: r`Conv2D 太大或太慢时（移动端模型、Xception）。`,
      },
    },
  },
];
