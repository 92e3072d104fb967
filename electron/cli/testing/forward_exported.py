"""Imports exported model.py files the way their user would, builds each model with its exported
weights and runs one forward pass on the batch in the folder's batch.json: one array per model input,
in NN Designer's layout (images channels-last; turned channels-first here where INPUTS say so).
One Python for every folder, since importing torch is most of the time.
Prints one JSON object, by folder: the output shapes as PyTorch returns them, whether every value is
finite, the first output's values back in NN Designer's layout, and the parameter count as Keras
counts it: every float tensor the model saves (weights and batch-norm statistics; not a GRU's zero
second bias, which model.py keeps out of its state, nor the batch counter) — or the error.
Usage: python3 forward_exported.py <export dir>...
"""
import importlib.util
import json
import os
import sys
import traceback

import torch


def forward(directory):
    spec = importlib.util.spec_from_file_location(f'model_{abs(hash(directory))}', os.path.join(directory, 'model.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build_model()
    model.eval()
    with open(os.path.join(directory, 'batch.json'), encoding='utf-8') as f:
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
    return {
        'outputs': [list(o.shape) for o in outputs],
        'finite': all(bool(torch.isfinite(o).all()) for o in outputs),
        'values': first.reshape(-1).tolist(),
        'params': sum(t.numel() for t in model.state_dict().values() if t.is_floating_point()),
    }


results = {}
for directory in sys.argv[1:]:
    try:
        results[directory] = forward(directory)
    except Exception:  # each folder's failure is its own answer, named in the test
        results[directory] = {'error': traceback.format_exc()}
print(json.dumps(results))
