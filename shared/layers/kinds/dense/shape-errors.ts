import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  featureAxis: {
    en: '{{layer}} expects an input with a feature axis but gets {{shape}}',
    'zh-CN': '{{layer}} 需要带特征轴的输入，但得到的是 {{shape}}',
  },
  unknownFeatures: {
    en: '{{layer}} needs a known number of input features but gets {{shape}}',
    'zh-CN': '{{layer}} 需要已知的输入特征数，但得到的是 {{shape}}',
  },
});
