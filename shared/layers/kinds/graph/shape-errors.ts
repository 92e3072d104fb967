import { defineShapeErrors } from '../../shape-errors';

/** This kind's own shape errors: each sentence as a template in every interface language (values in {{braces}}). */
export const kindErrors = defineShapeErrors({
  graphIdsShape: {
    en: 'GraphReadout expects one graph id per node, [nodes, 1], on "graph" but gets {{shape}}',
    'zh-CN': 'GraphReadout 需要在 "graph" 上为每个节点输入一个图编号 [nodes, 1]，但得到的是 {{shape}}',
  },
  edgeFeaturesShape: {
    en: 'MessagePassing expects edge features [edges, features] on "edgeFeatures" but gets {{shape}}',
    'zh-CN': 'MessagePassing 需要在 "edgeFeatures" 上输入边特征 [edges, features]，但得到的是 {{shape}}',
  },
});
