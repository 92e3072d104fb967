"""Network — a PyTorch model exported from NN Designer."""  # <<docstring>>
import json
import math
import os

import torch
from torch import nn
import torch.nn.functional as F  # <<functional_import>>

HERE = os.path.dirname(os.path.abspath(__file__))

# <<helpers>>
# <<players>>


class Network(nn.Module):  # <<class>>
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(2, 1)  # <<init>>

    def forward(self, x):  # <<forward_signature>>
        dense = F.relu(self.dense(x))  # <<forward>>
        return dense  # <<return>>


INPUTS = [("x", [2], "float32")]  # <<inputs>>
OUTPUTS = ["dense"]  # <<outputs>>
# The weights load_weights and save_weights read and write, in file order.
WEIGHT_KEYS = ["dense.weight", "dense.bias"]  # <<weight_keys>>


def load_weights(model, directory=HERE):
    """Copies weights.bin (float32, little-endian; weights.json says where each tensor lies) into model."""
    with open(os.path.join(directory, 'weights.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    with open(os.path.join(directory, 'weights.bin'), 'rb') as f:
        data = bytearray(f.read())
    state = model.state_dict()
    with torch.no_grad():
        for entry in manifest['tensors']:
            count = math.prod(entry['shape'])
            values = torch.frombuffer(data, dtype=torch.float32, count=count, offset=entry['offset'])
            state[entry['key']].copy_(values.reshape(entry['shape']))
    return manifest


def save_weights(model, directory, source='trained'):
    """Writes model's weights as load_weights reads them."""
    os.makedirs(directory, exist_ok=True)
    state = model.state_dict()
    tensors, chunks, offset = [], [], 0
    for key in WEIGHT_KEYS:
        flat = state[key].detach().to('cpu', torch.float32).contiguous().reshape(-1)
        try:
            raw = flat.numpy().tobytes()
        except (ImportError, RuntimeError):  # a torch built without numpy
            raw = bytes(flat.view(torch.uint8).tolist())
        tensors.append({'key': key, 'shape': list(state[key].shape), 'offset': offset})
        chunks.append(raw)
        offset += len(raw)
    with open(os.path.join(directory, 'weights.bin'), 'wb') as f:
        f.write(b''.join(chunks))
    with open(os.path.join(directory, 'weights.json'), 'w', encoding='utf-8') as f:
        json.dump({'format': 'nn-designer.torch-weights', 'version': 1, 'source': source, 'tensors': tensors}, f, indent=1)


def build_model(weights_dir=HERE):
    """The Network network, with the exported weights when weights.json is in weights_dir."""  # <<build_docstring>>
    model = Network()  # <<build>>
    if weights_dir and os.path.exists(os.path.join(weights_dir, 'weights.json')):
        load_weights(model, weights_dir)
    return model
