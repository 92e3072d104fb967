import type { KindDocs } from '../../docs-types';

// String.raw keeps TeX backslashes as written. Inline math sits between $…$.
const r = String.raw;

export const docs: KindDocs[] = [
  {
    type: 'MessagePassing',
    palette: { 'zh-CN': { label: '消息传递', doc: '通用图层：沿边传递消息，在每个节点处求和 / 平均 / 取最大，再做线性更新。' } },
    teaching: {
      en: {
        what: r`The general graph layer: every edge carries a message from its source node, each node aggregates the messages it receives (sum, mean or max), then a linear map updates it.`,
        formula: r`h_v' = \varphi\Big(W \cdot \underset{u \in \mathcal{N}(v)}{\text{AGG}}\, m(h_u) + b\Big)`,
        params: r`units: output features. message: 'identity' sends the features, 'linear' a learned map of them. aggregate: sum counts neighbours, mean ignores their number, max keeps the strongest. selfLoops: include the node's own features.`,
        shape: r`nodes [N, F] and edges [E, 2] (source, target) → [N, units].`,
        use: r`To build your own GNN variant, or to count structure (sum aggregation can tell a node's degree).`,
      },
      'zh-CN': {
        what: r`通用的图层：每条边从源节点带来一条消息，每个节点聚合收到的消息（求和、平均或最大值），再经线性变换更新自身。`,
        formula: r`h_v' = \varphi\Big(W \cdot \underset{u \in \mathcal{N}(v)}{\text{AGG}}\, m(h_u) + b\Big)`,
        params: r`units：输出特征数。message：'identity' 直接发送特征，'linear' 发送其可学习的线性映射。aggregate：sum 会数出邻居个数，mean 与邻居个数无关，max 保留最强的。selfLoops：包含节点自身的特征。`,
        shape: r`nodes [N, F] 与 edges [E, 2]（源、目标）→ [N, units]。`,
        use: r`搭建自己的 GNN 变体，或刻画结构（求和聚合能数出节点的度）。`,
      },
    },
  },
  {
    type: 'GCNConv',
    palette: { 'zh-CN': { label: 'GCNConv（图卷积）', doc: '图卷积：每个节点以 1/√(度·度) 加权平均其邻居与自身，再做线性变换。' } },
    teaching: {
      en: {
        what: r`Graph convolution (Kipf & Welling): each node averages its own and its neighbours' features, weighted by the inverse square roots of both degrees, then applies a shared linear map.`,
        formula: r`h_v' = \varphi\Big(\sum_{u \in \mathcal{N}(v) \cup \{v\}} \frac{1}{\sqrt{\hat d_u \hat d_v}}\, W h_u + b\Big)`,
        params: r`units: output features. selfLoops: count each node as its own neighbour. Two layers let information travel two hops.`,
        shape: r`nodes [N, F] and edges [E, 2] → [N, units].`,
        use: r`Node classification where neighbours tend to share a label (citation networks, communities). Stacking many layers over-smooths the features.`,
      },
      'zh-CN': {
        what: r`图卷积（Kipf & Welling）：每个节点对自身和邻居的特征加权平均，权重为双方度数平方根的倒数，再施加共享的线性变换。`,
        formula: r`h_v' = \varphi\Big(\sum_{u \in \mathcal{N}(v) \cup \{v\}} \frac{1}{\sqrt{\hat d_u \hat d_v}}\, W h_u + b\Big)`,
        params: r`units：输出特征数。selfLoops：把节点自身也算作邻居。两层可让信息传播两跳。`,
        shape: r`nodes [N, F] 与 edges [E, 2] → [N, units]。`,
        use: r`邻居往往同属一类的节点分类（引文网络、社区）。层数过多会使特征过度平滑。`,
      },
    },
  },
  {
    type: 'SAGEConv',
    palette: { 'zh-CN': { label: 'SAGEConv（GraphSAGE）', doc: 'GraphSAGE：把节点自身特征与其邻居特征的均值并列，再做线性变换。' } },
    teaching: {
      en: {
        what: r`GraphSAGE: keeps a node's own features apart from the mean of its neighbours', with a weight matrix for each.`,
        formula: r`h_v' = \varphi\Big(W_1 h_v + W_2 \cdot \frac{1}{|\mathcal{N}(v)|} \sum_{u \in \mathcal{N}(v)} h_u + b\Big)`,
        params: r`units: output features.`,
        shape: r`nodes [N, F] and edges [E, 2] → [N, units].`,
        use: r`When a node's own features matter as much as its neighbourhood, and for graphs that grow (it generalizes to unseen nodes).`,
      },
      'zh-CN': {
        what: r`GraphSAGE：把节点自身的特征与邻居特征的平均值分开处理，各用一个权重矩阵。`,
        formula: r`h_v' = \varphi\Big(W_1 h_v + W_2 \cdot \frac{1}{|\mathcal{N}(v)|} \sum_{u \in \mathcal{N}(v)} h_u + b\Big)`,
        params: r`units：输出特征数。`,
        shape: r`nodes [N, F] 与 edges [E, 2] → [N, units]。`,
        use: r`节点自身特征与邻域同样重要时，以及不断增长的图（能推广到没见过的节点）。`,
      },
    },
  },
  {
    type: 'GATConv',
    palette: { 'zh-CN': { label: 'GATConv（图注意力）', doc: '图注意力：每个节点按学到的分数（在其入边上做 softmax）为邻居加权，可多头。' } },
    teaching: {
      en: {
        what: r`Graph attention: each node scores each neighbour with a small learned function, softmax turns the scores into weights over its edges, and the neighbours' transformed features are averaged with those weights; several heads do this independently.`,
        formula: r`\alpha_{vu} = \operatorname{softmax}_u\big(\text{LeakyReLU}(a^\top [W h_v \,\|\, W h_u])\big), \quad h_v' = \varphi\Big(\sum_{u} \alpha_{vu} W h_u\Big)`,
        params: r`units: features per head. heads: independent attention heads. concatHeads: side by side (units × heads) or averaged. negativeSlope: the LeakyReLU slope of the scores.`,
        shape: r`nodes [N, F] and edges [E, 2] → [N, units · heads] (concat) or [N, units].`,
        use: r`When some neighbours matter more than others and the model should learn which.`,
      },
      'zh-CN': {
        what: r`图注意力：每个节点用一个小的可学习函数给每个邻居打分，Softmax 把得分变成其各条边上的权重，再按权重平均邻居变换后的特征；多个头各自独立地这样做。`,
        formula: r`\alpha_{vu} = \operatorname{softmax}_u\big(\text{LeakyReLU}(a^\top [W h_v \,\|\, W h_u])\big), \quad h_v' = \varphi\Big(\sum_{u} \alpha_{vu} W h_u\Big)`,
        params: r`units：每个头的特征数。heads：独立的注意力头数。concatHeads：并排（units × heads）还是求平均。negativeSlope：打分中 LeakyReLU 的斜率。`,
        shape: r`nodes [N, F] 与 edges [E, 2] → [N, units · heads]（拼接）或 [N, units]。`,
        use: r`有些邻居比另一些更重要、且应由模型自己学出哪些更重要时。`,
      },
    },
  },
  {
    type: 'GraphReadout',
    palette: { 'zh-CN': { label: '图读出', doc: '把每个图的节点特征汇聚成一行（求和、平均或最大），用于图分类。' } },
    teaching: {
      en: {
        what: r`Pools the node features of each graph into one row, so a whole graph can be classified.`,
        formula: r`y_g = \underset{v \in g}{\text{POOL}}\; h_v`,
        params: r`mode: sum (sensitive to size), mean or max. graph input: which graph each node belongs to, when a batch holds several graphs.`,
        shape: r`nodes [N, F] → [graphs, F].`,
        use: r`Graph classification (molecules, the cycles-vs-trees example), followed by Dense layers.`,
      },
      'zh-CN': {
        what: r`把每张图的节点特征汇聚成一行，从而对整张图做分类。`,
        formula: r`y_g = \underset{v \in g}{\text{POOL}}\; h_v`,
        params: r`mode：sum（对图的大小敏感）、mean 或 max。graph 输入：一个批次含多张图时，每个节点属于哪张图。`,
        shape: r`nodes [N, F] → [图的个数, F]。`,
        use: r`图分类（分子、“环与树”示例），之后接 Dense 层。`,
      },
    },
  },
];
