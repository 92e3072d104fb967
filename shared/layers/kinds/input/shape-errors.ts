import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  graphInputSingle: {
    en: 'a {{role}} Input takes {{dtype}} rows of 1 value: set its shape to [1] and its dtype to {{dtype}}',
    'zh-CN': '{{role}} 角色的 Input 每行接收 1 个 {{dtype}} 值：把它的形状设为 [1]，数据类型设为 {{dtype}}',
  },
  graphInputRows: {
    en: 'a {{role}} Input takes {{dtype}} rows of {{width}} values: set its shape to [{{width}}] and its dtype to {{dtype}}',
    'zh-CN': '{{role}} 角色的 Input 每行接收 {{width}} 个 {{dtype}} 值：把它的形状设为 [{{width}}]，数据类型设为 {{dtype}}',
  },
  graphInputFeatures: {
    en: 'a {{role}} Input takes {{dtype}} rows of F values: set its shape to [features] and its dtype to {{dtype}}',
    'zh-CN': '{{role}} 角色的 Input 每行接收 F 个 {{dtype}} 值：把它的形状设为 [特征数]，数据类型设为 {{dtype}}',
  },
});
