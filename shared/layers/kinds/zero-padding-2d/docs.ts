import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'ZeroPadding2D',
    palette: { 'zh-CN': { label: '二维零填充', doc: '在图像四周补上若干行和列的零，例如让带步长的卷积对齐。' } },
    teaching: {
      en: {
        what: r`Adds rows and columns of zeros around each image.`,
        params: r`padding: one number for all sides, [rows, columns], or [[top, bottom], [left, right]].`,
        shape: r`[batch, H, W, C] → [batch, H + top + bottom, W + left + right, C].`,
        use: r`To keep a border pixel's neighbourhood, or to line sizes up before a strided convolution.`,
      },
      'zh-CN': {
        what: r`在每张图像四周补上若干行、列的零。`,
        params: r`padding：一个数表示四边相同，[行, 列]，或 [[上, 下], [左, 右]]。`,
        shape: r`[batch, H, W, C] → [batch, H + 上 + 下, W + 左 + 右, C]。`,
        use: r`保留边缘像素的邻域，或在带步长的卷积前对齐尺寸。`,
      },
    },
  },
];
