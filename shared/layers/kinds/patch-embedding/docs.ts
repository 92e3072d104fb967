import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'PatchEmbedding',
    palette: { 'zh-CN': { label: '图块嵌入（ViT）', doc: '把图像切成方形图块，并把每块变成一个向量：供 Transformer 读取的序列，可在最前面加一个分类标记。' } },
    teaching: {
      en: {
        what: r`Cuts an image into square patches and maps each patch linearly to a vector, giving a sequence of patch tokens (the first step of a Vision Transformer).`,
        params: r`patchSize: side of a patch in pixels. embedDim: length of each vector. classToken: put a learned [CLS] token first to classify from.`,
        shape: r`[batch, H, W, C] → [batch, (H/p)(W/p) (+1), embedDim].`,
        use: r`To feed images to a Transformer (ViT); add a positional embedding next.`,
      },
      'zh-CN': {
        what: r`把图像切成正方形小块，每块线性映射成一个向量，得到图块词元序列（Vision Transformer 的第一步）。`,
        params: r`patchSize：图块边长（像素）。embedDim：每个向量的长度。classToken：在最前面放一个可学习的 [CLS] 词元，用它做分类。`,
        shape: r`[batch, H, W, C] → [batch, (H/p)(W/p) (+1), embedDim]。`,
        use: r`把图像送进 Transformer（ViT）；之后再加位置嵌入。`,
      },
    },
  },
];
