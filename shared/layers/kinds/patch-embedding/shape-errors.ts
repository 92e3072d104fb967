import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  patchHeight: {
    en: 'PatchEmbedding cuts {{patch}}×{{patch}} patches, but the image {{shape}} has height {{size}}, not a multiple of {{patch}} — choose a patch size that divides it',
    'zh-CN': 'PatchEmbedding 切出 {{patch}}×{{patch}} 的图块，但图像 {{shape}} 的高度 {{size}} 不是 {{patch}} 的倍数——请选择能整除它的图块大小',
  },
  patchWidth: {
    en: 'PatchEmbedding cuts {{patch}}×{{patch}} patches, but the image {{shape}} has width {{size}}, not a multiple of {{patch}} — choose a patch size that divides it',
    'zh-CN': 'PatchEmbedding 切出 {{patch}}×{{patch}} 的图块，但图像 {{shape}} 的宽度 {{size}} 不是 {{patch}} 的倍数——请选择能整除它的图块大小',
  },
});
