import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'UpSampling2D',
    palette: { 'zh-CN': { label: '二维上采样', doc: '通过重复行和列（或在其间插值）放大图像：没有需要学习的权重。' } },
    teaching: {
      en: {
        what: r`Enlarges each image by repeating rows and columns ('nearest') or interpolating between them ('bilinear'). No weights.`,
        params: r`size: repetitions of rows and columns. interpolation: 'nearest' or 'bilinear'.`,
        shape: r`[batch, H, W, C] → [batch, H · size_h, W · size_w, C].`,
        use: r`In decoders and generators, usually followed by a Conv2D that learns to fill in detail.`,
      },
      'zh-CN': {
        what: r`放大每张图像：重复行和列（'nearest'）或在它们之间插值（'bilinear'）。没有权重。`,
        params: r`size：行、列各重复几次。interpolation：'nearest' 或 'bilinear'。`,
        shape: r`[batch, H, W, C] → [batch, H · size_h, W · size_w, C]。`,
        use: r`用于解码器和生成器，通常后接一个学习补充细节的 Conv2D。`,
      },
    },
  },
];
