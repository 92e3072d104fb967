"""Imports an exported model.py the way its user would, builds the model with its exported weights and
runs one forward pass on the batch in a JSON file: one array per model input, in NN Designer's layout
(images channels-last; turned channels-first here where model.py's INPUTS say so).
Prints one JSON object: the output shapes as PyTorch returns them, whether every value is finite,
the first output's values back in NN Designer's layout, and the parameter count as Keras counts it:
every float tensor the model saves (weights and batch-norm statistics; not a GRU's zero second bias,
which model.py keeps out of its state, nor the batch counter).
Usage: python3 forward_exported.py <export dir> <inputs.json>
"""
import importlib.util
import json
import sys

import torch

directory, inputs_file = sys.argv[1], sys.argv[2]
sys.path.insert(0, directory)
spec = importlib.util.spec_from_file_location('model', f'{directory}/model.py')
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

model = module.build_model()
model.eval()
with open(inputs_file, encoding='utf-8') as f:
    given = json.load(f)
inputs = []
for (_name, shape, dtype), values in zip(module.INPUTS, given):
    tensor = torch.tensor(values, dtype=torch.int64 if dtype.startswith('int') else torch.float32)
    if len(shape) == 3 and list(tensor.shape[1:]) != list(shape):
        tensor = tensor.permute(0, 3, 1, 2)
    inputs.append(tensor)
with torch.no_grad():
    outputs = model(*inputs)
outputs = list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
first = outputs[0].permute(0, 2, 3, 1) if outputs[0].dim() == 4 else outputs[0]
print(json.dumps({
    'outputs': [list(o.shape) for o in outputs],
    'finite': all(bool(torch.isfinite(o).all()) for o in outputs),
    'values': first.reshape(-1).tolist(),
    'params': sum(t.numel() for t in model.state_dict().values() if t.is_floating_point()),
}))
