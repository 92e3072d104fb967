"""Trains model.py's network on the exported dataset with the project's training settings.

    python train.py                          one process (a GPU when there is one, else the CPU)
    torchrun --nproc_per_node=2 train.py     DistributedDataParallel (gloo on CPU, nccl on GPU);
                                             each step's batch is split across the processes

Prints one JSON object per line on stdout, as NN Designer's training worker sends them:
ready, batch, epoch, paused, log, done, error. Options: --epochs N, --save DIR (the trained weights,
as model.py's load_weights reads them), --save-last DIR (with early stopping that restores
the best epoch: the last epoch's weights), --threads N, --control (read pause / resume / stop
lines on stdin; NN Designer uses it).
"""
import argparse
import copy
import json
import math
import os
import sys
import threading
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

from model import INPUTS, build_model, save_weights

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH_EVENT_MIN_INTERVAL = 0.05
VALIDATION_CHUNK = 1024
EPSILON = 1e-7


class UserError(Exception):
    """A problem with the project or its data, said so a person can act on it."""


# ---- the seeded randomness NN Designer uses (shared/data/dataset.ts) ---------------------

def mulberry32(seed):
    state = seed & 0xFFFFFFFF

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61))) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return random


def shuffled_indices(count, seed):
    order = list(range(count))
    random = mulberry32(seed)
    for i in range(count - 1, 0, -1):
        j = math.floor(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def split_indices(count, validation_split, seed):
    order = shuffled_indices(count, seed)
    validation = min(count - 1, max(1, round_half_up(count * validation_split))) if validation_split > 0 else 0
    train = count - max(0, validation)
    return order[:train], order[train:]


def round_half_up(x):
    return math.floor(x + 0.5)  # JavaScript's Math.round


# ---- training settings ------------------------------------------------------------------

def learning_rate_at(config, step, steps):
    lr, schedule = config['learningRate'], config['schedule']
    kind = schedule['kind']
    if kind == 'step':
        return lr * schedule['factor'] ** math.floor(math.floor(step / steps) / schedule['everyEpochs'])
    if kind == 'exponential':
        return lr * schedule['rate'] ** (step / schedule['decaySteps'])
    if kind == 'cosine':
        total = max(1, config['epochs'] * steps)
        progress = min(1, step / total)
        low = lr * schedule['minFactor']
        return low + 0.5 * (lr - low) * (1 + math.cos(math.pi * progress))
    return lr


def make_optimizer(config, parameters):
    """TensorFlow.js's optimizers and their defaults (epsilon 1e-7, RMSprop decay 0.9, …)."""
    lr, name = config['learningRate'], config['optimizer']
    if name == 'sgd':
        return torch.optim.SGD(parameters, lr=lr)
    if name == 'momentum':
        return torch.optim.SGD(parameters, lr=lr, momentum=config['momentum'])
    if name == 'adam':
        return torch.optim.Adam(parameters, lr=lr, eps=EPSILON)
    if name == 'adamax':
        return torch.optim.Adamax(parameters, lr=lr, eps=EPSILON)
    if name == 'rmsprop':
        return torch.optim.RMSprop(parameters, lr=lr, alpha=0.9, eps=EPSILON)
    if name == 'adagrad':
        return torch.optim.Adagrad(parameters, lr=lr, initial_accumulator_value=0.1, eps=EPSILON)
    if name == 'adadelta':
        return torch.optim.Adadelta(parameters, lr=lr, rho=0.95, eps=EPSILON)
    raise UserError('unknown optimizer ' + name)


def categorical_crossentropy(target, predicted):
    predicted = predicted / predicted.sum(dim=-1, keepdim=True)
    return -(target * predicted.clamp(EPSILON, 1 - EPSILON).log()).sum(dim=-1).mean()


def as_one_hot(target, predicted):
    return F.one_hot(target.reshape(-1).long(), predicted.shape[-1]).to(predicted.dtype).reshape(predicted.shape)


def loss_function(name):
    """Keras's losses on probabilities (sigmoid / softmax outputs), clipped away from 0 and 1."""
    if name == 'mse':
        return lambda t, p: ((p - t) ** 2).mean()
    if name == 'mae':
        return lambda t, p: (p - t).abs().mean()
    if name == 'huber':
        def huber(t, p):
            error = (p - t).abs()
            quadratic = error.clamp(max=1.0)
            return (0.5 * quadratic ** 2 + (error - quadratic)).mean()
        return huber
    if name == 'binaryCrossentropy':
        def binary(t, p):
            p = p.clamp(EPSILON, 1 - EPSILON)
            return -(t * p.log() + (1 - t) * (1 - p).log()).mean()
        return binary
    if name == 'categoricalCrossentropy':
        return categorical_crossentropy
    if name == 'sparseCategoricalCrossentropy':
        return lambda t, p: categorical_crossentropy(as_one_hot(t, p), p)
    raise UserError('unknown loss ' + name)


def metric_functions(config, output_units):
    loss = config['loss']
    metrics = []
    for name in dict.fromkeys(config['metrics']):
        if name == 'accuracy':
            if loss == 'sparseCategoricalCrossentropy':
                fn = lambda t, p: (p.argmax(dim=-1) == t.reshape(-1).long()).float().mean()
            elif loss == 'binaryCrossentropy' or output_units == 1:
                fn = lambda t, p: ((p > 0.5).to(t.dtype) == t).float().mean()
            else:
                fn = lambda t, p: (p.argmax(dim=-1) == t.argmax(dim=-1)).float().mean()
            metrics.append(('acc', fn))
        else:
            metrics.append((name, loss_function(name)))
    return metrics


class EarlyStopping:
    """Keras's EarlyStopping: stop after patience epochs without an improvement above min_delta."""

    def __init__(self, settings, has_validation, log):
        monitor = settings['monitor']
        validation = monitor.startswith('val_')
        base = monitor[4:] if validation else monitor
        self.monitor = ('val_' if validation else '') + ('acc' if base == 'accuracy' else base)
        if self.monitor.startswith('val_') and not has_validation:
            log('warn', 'early stopping watches %s, but there is no validation split — watching %s instead' % (monitor, self.monitor[4:]))
            self.monitor = self.monitor[4:]
        self.settings, self.log = settings, log
        self.higher = 'acc' in self.monitor
        self.best = -math.inf if self.higher else math.inf
        self.best_epoch, self.wait, self.warned = 0, 0, False

    def update(self, epoch, logs):
        value = logs.get(self.monitor)
        if value is None:
            if not self.warned:
                self.log('warn', 'early stopping watches "%s", which this run does not report (it reports %s) — it is off' % (self.settings['monitor'], ', '.join(logs)))
            self.warned = True
            return 'waiting'
        delta = self.settings['minDelta']
        if (value > self.best + delta) if self.higher else (value < self.best - delta):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            return 'improved'
        self.wait += 1
        return 'stop' if self.wait >= max(1, self.settings['patience']) else 'waiting'


# ---- pause / resume / stop from NN Designer -----------------------------------------------

class Control:
    def __init__(self):
        self.stopping = False
        self.running = threading.Event()
        self.running.set()

    def listen(self, stream):
        def read():
            for line in stream:
                try:
                    kind = json.loads(line).get('type')
                except ValueError:
                    continue
                if kind == 'pause':
                    self.running.clear()
                elif kind == 'resume':
                    self.running.set()
                elif kind == 'stop':
                    self.stopping = True
                    self.running.set()
            self.stopping = True  # the app went away
            self.running.set()
        threading.Thread(target=read, daemon=True).start()


# ---- the run ----------------------------------------------------------------------------

def load_data(config, device):
    data = config['data']

    def read(name, shape):
        with open(os.path.join(HERE, data[name]), 'rb') as f:
            raw = bytearray(f.read())
        return torch.frombuffer(raw, dtype=torch.float32).reshape(shape) if raw else torch.zeros(shape)
    x = read('x', data['xShape'])
    y = read('y', data['yShape'])
    x = x.reshape(x.shape[0], *data['sampleShape'])
    if x.dim() == 4:
        x = x.permute(0, 3, 1, 2).contiguous()  # images as PyTorch has them: N, C, H, W
    if INPUTS[0][2] == 'int64':
        x = x.round().long()
    return x.to(device), y.to(device)


def main():
    parser = argparse.ArgumentParser(description='Train the exported network.')
    parser.add_argument('--epochs', type=int)
    parser.add_argument('--save')
    parser.add_argument('--save-last')
    parser.add_argument('--threads', type=int)
    parser.add_argument('--control', action='store_true')
    args = parser.parse_args()

    world = int(os.environ.get('WORLD_SIZE', '1'))
    cuda = torch.cuda.is_available()
    if world > 1:
        dist.init_process_group('nccl' if cuda else 'gloo')
        rank = dist.get_rank()
        device = torch.device('cuda', int(os.environ.get('LOCAL_RANK', '0'))) if cuda else torch.device('cpu')
    else:
        rank = 0
        device = torch.device('cuda') if cuda else torch.device('cpu')
    backend = 'pytorch-' + device.type + ('' if world == 1 else ' x%d' % world)
    started = time.time()

    def emit(event):
        if rank == 0:
            sys.stdout.write(json.dumps(dict(event, backend=backend)) + '\n')
            sys.stdout.flush()

    def log(level, message):
        emit({'type': 'log', 'level': level, 'message': message})

    try:
        with open(os.path.join(HERE, 'train_config.json'), encoding='utf-8') as f:
            job = json.load(f)
        config = job['training']
        if args.epochs:
            config['epochs'] = args.epochs
        if args.threads:
            torch.set_num_threads(args.threads)
        control = Control()
        if args.control:
            control.listen(sys.stdin)
        torch.manual_seed(config['seed'])
        outcome = train(job, config, device, rank, world, emit, log, control, args, started)
        outcome.update(type='done', elapsedMs=(time.time() - started) * 1000)
        if args.save and outcome['epochs'] > 0:
            outcome['savedTo'] = args.save
        emit(outcome)
    except UserError as err:
        emit({'type': 'error', 'message': str(err)})
        sys.exit(1)
    except Exception as err:  # a bug: say what happened, with the place
        import traceback
        emit({'type': 'error', 'message': 'training failed: %s' % err, 'stack': traceback.format_exc()})
        sys.exit(1)
    finally:
        if world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def train(job, config, device, rank, world, emit, log, control, args, started):
    x, y = load_data(job, device)
    count = x.shape[0]
    if count < 1:
        raise UserError('the dataset has no samples')
    train_rows, validation_rows = split_indices(count, config['validationSplit'], config['seed'])
    train_rows = torch.tensor(train_rows, dtype=torch.long, device=device)
    validation_rows = torch.tensor(validation_rows, dtype=torch.long, device=device)
    x_train, y_train = x[train_rows], y[train_rows]
    x_val, y_val = x[validation_rows], y[validation_rows]
    train_count, validation_count = x_train.shape[0], x_val.shape[0]
    batch_size = config['batchSize']
    steps = math.ceil(train_count / batch_size)

    model = build_model().to(device)
    model.train()
    network = model
    if world > 1:
        network = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None)
    optimizer = make_optimizer(config, [p for p in model.parameters() if p.requires_grad])
    loss_fn = loss_function(config['loss'])
    metrics = metric_functions(config, job['outputUnits'])
    early = EarlyStopping(config['earlyStopping'], validation_count > 0, log) if config['earlyStopping']['enabled'] else None
    best_state, best_logs, last_logs = None, None, {}
    epochs_done, reason = 0, 'completed'

    emit({'type': 'ready', 'trainSamples': train_count, 'validationSamples': validation_count, 'batchesPerEpoch': steps, 'epochs': config['epochs']})
    for epoch in range(1, config['epochs'] + 1):
        if config['shuffle']:
            order = torch.tensor(shuffled_indices(train_count, config['seed'] + epoch), dtype=torch.long, device=device)
        else:
            order = torch.arange(train_count, device=device)
        sums = torch.zeros(2 + len(metrics), dtype=torch.float64)
        last_emit, samples_since = time.time(), 0
        learning_rate = config['learningRate']
        for batch in range(steps):
            if not control.running.is_set():
                emit({'type': 'paused', 'epoch': epoch, 'batch': batch})
                control.running.wait()
            if control.stopping:
                reason = 'stopped'
                break
            learning_rate = learning_rate_at(config, (epoch - 1) * steps + batch, steps)
            for group in optimizer.param_groups:
                group['lr'] = learning_rate
            rows = order[batch * batch_size:(batch + 1) * batch_size]
            size = rows.shape[0]
            share, weight = rows, 1.0
            if world > 1:
                # Every process takes a slice of the step's batch; the weight makes DDP's average of
                # the processes' gradients the gradient of the whole batch's mean loss.
                share = rows.tensor_split(world)[rank]
                weight = share.shape[0] * world / size
                if share.shape[0] == 0:
                    share, weight = rows[:1], 0.0
            xb, yb = x_train[share], y_train[share]
            predicted = network(xb)
            loss = loss_fn(yb, predicted)
            optimizer.zero_grad(set_to_none=True)
            (loss * weight if weight != 1.0 else loss).backward()
            optimizer.step()
            value = loss.item()
            if not math.isfinite(value):
                raise UserError('the loss became %s at epoch %d, batch %d — training diverged; lower the learning rate (now %g) or normalize the features' % (value, epoch, batch + 1, learning_rate))
            with torch.no_grad():
                rows_here = share.shape[0] if weight else 0
                sums[0] += value * rows_here
                for i, (_, fn) in enumerate(metrics):
                    sums[1 + i] += fn(yb, predicted).item() * rows_here
                sums[-1] += rows_here
            samples_since += size
            now = time.time()
            if batch == steps - 1 or now - last_emit >= BATCH_EVENT_MIN_INTERVAL:
                seen = max(sums[-1].item(), 1)
                emit({'type': 'batch', 'epoch': epoch, 'batch': batch + 1, 'batchesPerEpoch': steps,
                      'loss': sums[0].item() / seen,
                      'metrics': {key: sums[1 + i].item() / seen for i, (key, _) in enumerate(metrics)},
                      'learningRate': learning_rate, 'samplesPerSecond': samples_since / max(now - last_emit, 1e-3)})
                last_emit, samples_since = now, 0
        if reason == 'stopped':
            break
        if world > 1:
            dist.all_reduce(sums)
        seen = max(sums[-1].item(), 1)
        logs = {'loss': sums[0].item() / seen}
        for i, (key, _) in enumerate(metrics):
            logs[key] = sums[1 + i].item() / seen
        if validation_count > 0:
            logs.update(evaluate(model, loss_fn, metrics, x_val, y_val, rank, world))
        last_logs, epochs_done = logs, epoch
        emit({'type': 'epoch', 'epoch': epoch, 'epochs': config['epochs'], 'logs': logs, 'learningRate': learning_rate,
              'elapsedMs': (time.time() - started) * 1000})
        verdict = early.update(epoch, logs) if early else None
        if verdict == 'improved':
            best_logs = logs
            if config['earlyStopping']['restoreBest']:
                best_state = copy.deepcopy(model.state_dict())
        elif verdict == 'stop':
            reason = 'early-stopped'
            break

    outcome = {'reason': reason, 'epochs': epochs_done, 'metrics': last_logs}
    if reason == 'early-stopped' and best_state is not None:
        if args.save_last and rank == 0:
            save_weights(model, args.save_last)
        model.load_state_dict(best_state)
        outcome['metrics'] = best_logs
        outcome['bestEpoch'] = early.best_epoch
        log('info', 'early stopping restored the weights of epoch %d' % early.best_epoch)
    if args.save and epochs_done > 0 and rank == 0:
        save_weights(model, args.save)
    return outcome


def evaluate(model, loss_fn, metrics, x, y, rank, world):
    """Loss and metrics over the validation split in inference mode; each process takes a slice."""
    model.eval()
    sums = torch.zeros(2 + len(metrics), dtype=torch.float64)
    rows = torch.arange(x.shape[0]).tensor_split(world)[rank] if world > 1 else None
    xs, ys = (x[rows], y[rows]) if rows is not None else (x, y)
    with torch.no_grad():
        for start in range(0, xs.shape[0], VALIDATION_CHUNK):
            xb, yb = xs[start:start + VALIDATION_CHUNK], ys[start:start + VALIDATION_CHUNK]
            predicted = model(xb)
            n = xb.shape[0]
            sums[0] += loss_fn(yb, predicted).item() * n
            for i, (_, fn) in enumerate(metrics):
                sums[1 + i] += fn(yb, predicted).item() * n
            sums[-1] += n
    model.train()
    if world > 1:
        dist.all_reduce(sums)
    seen = max(sums[-1].item(), 1)
    logs = {'val_loss': sums[0].item() / seen}
    for i, (key, _) in enumerate(metrics):
        logs['val_' + key] = sums[1 + i].item() / seen
    return logs


if __name__ == '__main__':
    main()
