"""PyTorch reference for the attention equivalence tests (attention.torch.test.ts).

Reads cases with our (Keras-layout) weights and inputs, loads the weights into
torch.nn.MultiheadAttention / torch.nn.TransformerEncoderLayer, and writes torch's outputs.
Our kernels are [in, out] (x @ W); torch's Linear weights are [out, in] (x @ W.T).
"""
import json
import sys

import torch

torch.set_num_threads(2)
torch.set_grad_enabled(False)


def t(values):
    return torch.tensor(values, dtype=torch.float32)


def load_attention(mha, w, d_model):
    def flat(kernel):  # [in, heads, dim] -> [in, heads*dim]
        k = t(kernel)
        return k.reshape(k.shape[0], -1)

    q, k, v = flat(w["query/kernel"]), flat(w["key/kernel"]), flat(w["value/kernel"])
    mha.in_proj_weight.copy_(torch.cat([q.T, k.T, v.T], 0))
    mha.in_proj_bias.copy_(torch.cat([t(w["query/bias"]).reshape(-1), t(w["key/bias"]).reshape(-1), t(w["value/bias"]).reshape(-1)]))
    out = t(w["attention_output/kernel"])
    mha.out_proj.weight.copy_(out.reshape(-1, out.shape[-1]).T)
    mha.out_proj.bias.copy_(t(w["attention_output/bias"]))


def causal_mask(steps):
    # True = may not attend (a future position).
    return torch.triu(torch.ones(steps, steps, dtype=torch.bool), diagonal=1)


def attention_case(case):
    d, heads = case["dModel"], case["numHeads"]
    mha = torch.nn.MultiheadAttention(d, heads, dropout=0.0, bias=True, batch_first=True)
    mha.eval()
    load_attention(mha, case["weights"], d)
    query, value = t(case["query"]), t(case["value"])
    mask = causal_mask(query.shape[1]) if case["causal"] else None
    out, weights = mha(query, value, value, attn_mask=mask, need_weights=True, average_attn_weights=False)
    return {"output": out.tolist(), "weights": weights.tolist()}


def encoder_case(case):
    d, heads, ff = case["dModel"], case["numHeads"], case["ffDim"]
    layer = torch.nn.TransformerEncoderLayer(
        d, heads, dim_feedforward=ff, dropout=0.0, activation="gelu",
        layer_norm_eps=case["epsilon"], batch_first=True, norm_first=case["normFirst"],
    )
    layer.eval()
    w = case["weights"]
    load_attention(layer.self_attn, w["attention"], d)
    layer.linear1.weight.copy_(t(w["linear1/kernel"]).T)
    layer.linear1.bias.copy_(t(w["linear1/bias"]))
    layer.linear2.weight.copy_(t(w["linear2/kernel"]).T)
    layer.linear2.bias.copy_(t(w["linear2/bias"]))
    for norm, key in ((layer.norm1, "norm1"), (layer.norm2, "norm2")):
        norm.weight.copy_(t(w[key + "/gamma"]))
        norm.bias.copy_(t(w[key + "/beta"]))
    x = t(case["x"])
    mask = causal_mask(x.shape[1]) if case.get("causal") else None
    return {"output": layer(x, src_mask=mask).tolist()}


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    results = [attention_case(c) if c["kind"] == "attention" else encoder_case(c) for c in cases]
    with open(sys.argv[2], "w") as f:
        json.dump(results, f)


main()
