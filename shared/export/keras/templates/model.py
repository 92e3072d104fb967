"""network — a Keras model exported from NN Designer."""  # <<docstring>>
import json
import os

import keras
import numpy as np
from keras import layers, ops  # <<keras_import>>

HERE = os.path.dirname(os.path.abspath(__file__))

# <<helpers>>


def load_weights(model, directory=HERE):
    """Sets each layer's weights from weights.bin (float32, little-endian), as weights.json lists them."""
    with open(os.path.join(directory, "weights.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    with open(os.path.join(directory, "weights.bin"), "rb") as f:
        data = f.read()
    for entry in manifest["layers"]:
        values = [np.frombuffer(data, dtype="<f4", count=int(np.prod(w["shape"])), offset=w["offset"]).reshape(w["shape"])
                  for w in entry["weights"]]
        model.get_layer(entry["name"]).set_weights(values)


def build_model(weights_dir=HERE):
    """The network graph as a Keras functional model."""  # <<build_docstring>>
    x = keras.Input(shape=(2,), name="x")  # <<body>>
    model = keras.Model(inputs=[x], outputs=[layers.Dense(1, activation=ops.relu)(x)], name="network")  # <<model>>
    if weights_dir and os.path.exists(os.path.join(weights_dir, "weights.json")):
        load_weights(model, weights_dir)
    return model


def compile_model(model):
    """Compiles model with the project's optimizer and, per output, its loss, loss weight and
    metrics (Keras's own where Keras has them, NN Designer's definitions above otherwise)."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss={"dense": "mean_squared_error"})  # <<compile>>
    return model
# <<players>>


if __name__ == "__main__":
    compile_model(build_model()).summary()
