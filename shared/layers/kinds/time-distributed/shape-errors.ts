import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  wrapUnknown: {
    en: 'TimeDistributed wraps a "{{layer}}", which is not a known layer type',
    'zh-CN': 'TimeDistributed 包装的 "{{layer}}" 不是已知的层类型',
  },
  wrapOneInput: {
    en: 'TimeDistributed can only wrap a layer with one input, not {{layer}}',
    'zh-CN': 'TimeDistributed 只能包装单输入的层，不能包装 {{layer}}',
  },
  timeDistributedSteps: {
    en: 'TimeDistributed expects a sequence [batch, steps, …] but gets {{shape}} — it applies its layer once per step, so the input needs a steps axis',
    'zh-CN': 'TimeDistributed 需要序列 [batch, steps, …]，但得到的是 {{shape}}——它对每个时间步应用一次内部层，所以输入必须有时间步轴',
  },
  perStep: {
    en: 'TimeDistributed applies {{layer}} to each step {{step}}: {{detail}}',
    'zh-CN': 'TimeDistributed 对每个时间步 {{step}} 应用 {{layer}}：{{detail}}',
  },
  oneOutput: {
    en: 'TimeDistributed needs a layer with one output, but {{layer}} has {{count}} with these settings',
    'zh-CN': 'TimeDistributed 需要只有一个输出的层，但在当前设置下 {{layer}} 有 {{count}} 个输出',
  },
});
