"""Imports an exported model.py the way its user would, builds the model with its exported weights and
runs one forward pass on a batch shaped as its INPUTS say (random values; integer inputs take 0 or 1,
which every embedding and edge index of `batch` nodes accepts). Prints one JSON object: the output
shapes, whether every value is finite, and the parameter count as Keras counts it: every float
tensor the model saves (weights and batch-norm statistics; not a GRU's zero second bias, which
model.py keeps out of its state, nor the batch counter).
Usage: python3 forward_exported.py <export dir> <batch>
"""
import importlib.util
import json
import sys

import torch

directory, batch = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, directory)
spec = importlib.util.spec_from_file_location('model', f'{directory}/model.py')
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

torch.manual_seed(0)
model = module.build_model()
model.eval()
inputs = []
for _name, shape, dtype in module.INPUTS:
    size = [batch] + list(shape)
    inputs.append(torch.randint(0, 2, size) if dtype.startswith('int') else torch.rand(size))
with torch.no_grad():
    outputs = model(*inputs)
outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
print(json.dumps({
    'outputs': [list(o.shape) for o in outputs],
    'finite': all(bool(torch.isfinite(o).all()) for o in outputs),
    'params': sum(t.numel() for t in model.state_dict().values() if t.is_floating_point()),
}))
