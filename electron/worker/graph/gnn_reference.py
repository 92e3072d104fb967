"""PyTorch reference for the graph-layer equivalence tests (graph.torch.test.ts).

Each case carries a graph (x [N, F], edges [E, 2] as source, target), our layer's weights
(Keras layout: kernels are [in, out], so x @ W) and a random "upstream" R. Message passing
is written here with torch's own scatter-add (index_add_) and scatter-max (scatter_reduce),
the way PyTorch Geometric does it, without our code. The answer is the layer's output and
the gradient of sum(output * R) with respect to every weight.
"""
import json
import sys

import torch

torch.set_num_threads(2)


def t(values, grad=False):
    return torch.tensor(values, dtype=torch.float32, requires_grad=grad)


def scatter_add(src, index, n):
    out = torch.zeros((n,) + tuple(src.shape[1:]), dtype=src.dtype)
    return out.index_add(0, index, src)


def degree(index, n):
    return scatter_add(torch.ones(index.shape[0]), index, n)


def gcn(x, src, dst, w, case):
    n = x.shape[0]
    if case["selfLoops"]:
        loops = torch.arange(n)
        src, dst = torch.cat([src, loops]), torch.cat([dst, loops])
    deg = degree(dst, n)
    inv_sqrt = torch.where(deg > 0, deg.pow(-0.5), torch.zeros_like(deg))
    norm = inv_sqrt[src] * inv_sqrt[dst]
    h = x @ w["kernel"]
    return scatter_add(h[src] * norm[:, None], dst, n) + w["bias"]


def sage(x, src, dst, w, case):
    n = x.shape[0]
    deg = degree(dst, n).clamp(min=1)
    mean = scatter_add(x[src], dst, n) / deg[:, None]
    return torch.cat([x, mean], 1) @ w["kernel"] + w["bias"]


def gat(x, src, dst, w, case):
    n, heads, units = x.shape[0], case["heads"], case["units"]
    loops = torch.arange(n)
    src, dst = torch.cat([src, loops]), torch.cat([dst, loops])
    z = (x @ w["kernel"]).reshape(n, heads, units)
    a_src = (z * w["attention_source"]).sum(-1)
    a_dst = (z * w["attention_target"]).sum(-1)
    score = torch.nn.functional.leaky_relu(a_src[src] + a_dst[dst], case["negativeSlope"])
    shift = torch.full((n, heads), -float("inf")).scatter_reduce(0, dst[:, None].expand(-1, heads), score, reduce="amax", include_self=True)
    e = torch.exp(score - shift[dst].detach())
    alpha = e / scatter_add(e, dst, n)[dst]
    out = scatter_add(z[src] * alpha[:, :, None], dst, n)
    out = out.reshape(n, heads * units) if case["concatHeads"] else out.mean(1)
    return out + w["bias"]


def message_passing_max(x, src, dst, w, case):
    n = x.shape[0]
    m = x[src] @ w["message_kernel"] + w["message_bias"]
    index = dst[:, None].expand(-1, m.shape[1])
    agg = torch.zeros(n, m.shape[1]).scatter_reduce(0, index, m, reduce="amax", include_self=False)
    return torch.relu(torch.cat([x, agg], 1) @ w["update_kernel"] + w["update_bias"])


LAYERS = {"GCNConv": gcn, "SAGEConv": sage, "GATConv": gat, "MessagePassing": message_passing_max}


def run(case):
    x = t(case["x"])
    edges = torch.tensor(case["edges"], dtype=torch.long).reshape(-1, 2)
    weights = {name: t(value, grad=True) for name, value in case["weights"].items()}
    out = LAYERS[case["type"]](x, edges[:, 0], edges[:, 1], weights, case)
    (out * t(case["upstream"])).sum().backward()
    return {"output": out.detach().tolist(), "gradients": {name: w.grad.tolist() for name, w in weights.items()}}


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump([run(case) for case in cases], f)


main()
