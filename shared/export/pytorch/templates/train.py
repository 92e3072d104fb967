"""Trains model.py's network on the exported dataset with the project's training settings.

train_config.json says which field of data/ feeds each Input (optionally corrupted with noise)
and which one each output learns, with its loss, loss weight and metrics; the run minimizes
the weighted sum of the outputs' losses, leaving out target positions marked as padding.
A GAN (train_config.json has `gan`) trains model.generator and model.discriminator against
each other instead: per batch of real samples, k_D discriminator steps on fresh fakes, then
k_G generator steps, each network with its own optimizer, on the noise NN Designer draws
(one process; torchrun is for the other runs).

    python train.py                          one process (a GPU when there is one, else the CPU)
    torchrun --nproc_per_node=2 train.py     DistributedDataParallel (gloo on CPU, nccl on GPU);
                                             each step's batch is split across the processes

Prints one JSON object per line on stdout, as NN Designer's training worker sends them:
ready, batch, epoch, paused, log, done, error, and for a GAN gan-samples, gan-plane (2-D
samples) and gan-advice. Options: --epochs N, --save DIR (the trained weights,
as model.py's load_weights reads them), --save-last DIR (with early stopping that restores
the best epoch: the last epoch's weights), --threads N, --control (read pause / resume / stop
lines on stdin; NN Designer uses it).
"""
import argparse
import base64
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
LOSSES = ('mse', 'mae', 'huber', 'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy')


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
    """TensorFlow.js's optimizers and their defaults (epsilon 1e-7, RMSprop decay 0.9, …);
    Adam's and Adamax's beta1 from `beta1` where the config has one (a GAN player's)."""
    lr, name = config['learningRate'], config['optimizer']
    betas = (config.get('beta1', 0.9), 0.999)
    if name == 'sgd':
        return torch.optim.SGD(parameters, lr=lr)
    if name == 'momentum':
        return torch.optim.SGD(parameters, lr=lr, momentum=config['momentum'])
    if name == 'adam':
        return torch.optim.Adam(parameters, lr=lr, betas=betas, eps=EPSILON)
    if name == 'adamax':
        return torch.optim.Adamax(parameters, lr=lr, betas=betas, eps=EPSILON)
    if name == 'rmsprop':
        return torch.optim.RMSprop(parameters, lr=lr, alpha=0.9, eps=EPSILON)
    if name == 'adagrad':
        return torch.optim.Adagrad(parameters, lr=lr, initial_accumulator_value=0.1, eps=EPSILON)
    if name == 'adadelta':
        return torch.optim.Adadelta(parameters, lr=lr, rho=0.95, eps=EPSILON)
    raise UserError('unknown optimizer ' + name)


# ---- losses and metrics (shared/training/objectives.ts) ----------------------------------
#
# Every loss is computed per position (the prediction without its last axis: one value per
# sample, per time step or per pixel), left out where the target is the ignored value
# (padding), then averaged over the positions that count. Predictions and targets are
# channels-last here, as NN Designer has them.

def class_indices(target, predicted):
    """Class indices shaped like the prediction without its class axis ([.., 1] targets too)."""
    return target.reshape(predicted.shape[:-1])


def one_hot(indices, classes, dtype):
    """One-hot over the last axis; an index outside 0..classes-1 gives a row of zeros, as tf.oneHot."""
    return (indices.long().unsqueeze(-1) == torch.arange(classes, device=indices.device)).to(dtype)


def position_mask(loss, target, predicted, ignore_value):
    """1 where a position counts, 0 where its target is the ignored value; None when all count."""
    if ignore_value is None:
        return None
    if loss == 'sparseCategoricalCrossentropy':
        return (class_indices(target, predicted) != ignore_value).to(predicted.dtype)
    return (target != ignore_value).any(dim=-1).to(predicted.dtype)


def masked_mean(values, mask):
    if mask is None:
        return values.mean()
    return (values * mask).sum() / mask.sum().clamp(min=1)


def categorical_per_position(target, predicted):
    normalized = predicted / predicted.sum(dim=-1, keepdim=True)
    return -(target * normalized.clamp(EPSILON, 1 - EPSILON).log()).sum(dim=-1)


def loss_per_position(name, t, p):
    """Keras's losses on probabilities (sigmoid / softmax outputs), clipped away from 0 and 1."""
    if name == 'mse':
        return ((p - t) ** 2).mean(dim=-1)
    if name == 'mae':
        return (p - t).abs().mean(dim=-1)
    if name == 'huber':
        error = (p - t).abs()
        quadratic = error.clamp(max=1.0)
        return (0.5 * quadratic ** 2 + (error - quadratic)).mean(dim=-1)
    if name == 'binaryCrossentropy':
        c = p.clamp(EPSILON, 1 - EPSILON)
        return -(t * c.log() + (1 - t) * (1 - c).log()).mean(dim=-1)
    if name == 'categoricalCrossentropy':
        return categorical_per_position(t, p)
    if name == 'sparseCategoricalCrossentropy':
        return categorical_per_position(one_hot(class_indices(t, p), p.shape[-1], p.dtype), p)
    raise UserError('unknown loss ' + name)


def loss_function(name, ignore_value=None):
    """The loss of one output: its per-position values averaged over the positions that count."""
    if name not in LOSSES:
        raise UserError('unknown loss ' + name)
    return lambda t, p: masked_mean(loss_per_position(name, t, p), position_mask(name, t, p, ignore_value))


def classes_of(loss, t, p):
    """Each position's predicted and true class: argmax, index, or a 0.5 threshold for one unit."""
    units = p.shape[-1]
    if loss == 'sparseCategoricalCrossentropy':
        return p.argmax(dim=-1), class_indices(t, p).long(), units
    if units == 1:
        return (p.squeeze(-1) > 0.5).long(), (t.squeeze(-1) > 0.5).long(), 2
    return p.argmax(dim=-1), t.argmax(dim=-1), units


def accuracy(loss, ignore_value):
    def fn(t, p):
        mask = position_mask(loss, t, p, ignore_value)
        if loss == 'binaryCrossentropy' and p.shape[-1] > 1:
            return masked_mean(((p > 0.5) == (t > 0.5)).to(p.dtype).mean(dim=-1), mask)
        predicted, actual, _ = classes_of(loss, t, p)
        return masked_mean((predicted == actual).to(p.dtype), mask)
    return fn


def overlap(loss, ignore_value, kind):
    """IoU (or Dice) of predicted and target masks over the batch, averaged over the classes
    present in either (one sigmoid unit: the foreground only); 1 when neither has any."""
    def fn(t, p):
        mask = position_mask(loss, t, p, ignore_value)
        predicted, actual, classes = classes_of(loss, t, p)
        predicted_hot = one_hot(predicted.reshape(-1), classes, p.dtype)
        actual_hot = one_hot(actual.reshape(-1), classes, p.dtype)
        if mask is not None:
            weights = mask.reshape(-1, 1)
            predicted_hot, actual_hot = predicted_hot * weights, actual_hot * weights
        if p.shape[-1] == 1 and loss != 'sparseCategoricalCrossentropy':
            predicted_hot, actual_hot = predicted_hot[:, 1:2], actual_hot[:, 1:2]
        intersection = (predicted_hot * actual_hot).sum(dim=0)
        sizes = predicted_hot.sum(dim=0) + actual_hot.sum(dim=0)
        present = (sizes > 0).to(p.dtype)
        if kind == 'iou':
            per_class = intersection / (sizes - intersection).clamp(min=EPSILON)
        else:
            per_class = 2 * intersection / sizes.clamp(min=EPSILON)
        count = present.sum()
        return torch.where(count > 0, (per_class * present).sum() / count.clamp(min=1), torch.ones((), dtype=p.dtype, device=p.device))
    return fn


def psnr(t, p):
    """Peak signal-to-noise ratio in dB for values in 0..1, per sample then averaged."""
    per_sample = ((p - t) ** 2).reshape(p.shape[0], -1).mean(dim=1)
    return (-10 / math.log(10) * per_sample.clamp(min=1e-10).log()).mean()


def metric_definition(metric, loss, ignore_value):
    """(fn, finalize): the mean of fn over the batches, passed through finalize."""
    if metric == 'accuracy':
        return accuracy(loss, ignore_value), None
    if metric in ('mae', 'mse'):
        return loss_function(metric, ignore_value), None
    if metric in ('iou', 'dice'):
        return overlap(loss, ignore_value, metric), None
    if metric == 'psnr':
        return psnr, None
    if metric == 'perplexity':
        crossentropy = loss if loss in ('sparseCategoricalCrossentropy', 'categoricalCrossentropy') else 'categoricalCrossentropy'
        return loss_function(crossentropy, ignore_value), lambda mean: math.exp(min(mean, 700))
    raise UserError('unknown metric ' + metric)


def metric_key(metric):
    return 'acc' if metric == 'accuracy' else metric


class Objective:
    """The run's loss (the weighted sum of its outputs' losses) and what it reports, with
    Keras's log keys: one output reports acc, mae, …; several report <name>_loss and
    <name>_acc for each output beside the total loss."""

    def __init__(self, outputs):
        several = len(outputs) > 1
        self.outputs = [(loss_function(o['loss'], o.get('ignoreValue')), o['weight']) for o in outputs]
        self.scores = []  # (key, output position, fn, finalize)
        for k, o in enumerate(outputs):
            prefix = o['name'] + '_' if several else ''
            if several:
                self.scores.append((prefix + 'loss', k, loss_function(o['loss'], o.get('ignoreValue')), None))
            for metric in dict.fromkeys(o['metrics']):
                fn, finalize = metric_definition(metric, o['loss'], o.get('ignoreValue'))
                self.scores.append((prefix + metric_key(metric), k, fn, finalize))

    def loss(self, targets, predictions):
        total = None
        for (fn, weight), t, p in zip(self.outputs, targets, predictions):
            term = fn(t, p)
            term = term if weight == 1 else term * weight
            total = term if total is None else total + term
        return total

    def score_values(self, targets, predictions):
        """Each score of the batch, read back from the device at once."""
        if not self.scores:
            return []
        return torch.stack([fn(targets[k], predictions[k]).to(torch.float32) for _, k, fn, _ in self.scores]).tolist()

    def report(self, sums, seen, prefix=''):
        """Means of the scores (sums[1 + i] / seen), perplexity exponentiated."""
        return {prefix + key: (finalize or (lambda v: v))(sums[1 + i].item() / seen)
                for i, (key, _, _, finalize) in enumerate(self.scores)}


LOG_METRIC_KEYS = ('loss', 'acc', 'mae', 'mse', 'iou', 'dice', 'psnr', 'perplexity')


def higher_is_better(key):
    """Whether a larger value of the logged figure is better (accuracy, IoU, Dice, PSNR), with or
    without val_ and an output's name in front; losses, errors and perplexity shrink. The same
    rule as NN Designer's shared/training/log-keys.ts."""
    base = key[4:] if key.startswith('val_') else key
    for metric in LOG_METRIC_KEYS:
        if base == metric or (base.endswith('_' + metric) and len(base) > len(metric) + 1):
            return metric in ('acc', 'iou', 'dice', 'psnr')
    return False


class EarlyStopping:
    """Keras's EarlyStopping: stop after patience epochs without an improvement above min_delta."""

    def __init__(self, settings, has_validation, log):
        monitor = settings['monitor']
        self.monitor = monitor[:-len('accuracy')] + 'acc' if monitor == 'accuracy' or monitor.endswith('_accuracy') else monitor
        if self.monitor.startswith('val_') and not has_validation:
            log('warn', 'early stopping watches %s, but there is no validation split — watching %s instead' % (monitor, self.monitor[4:]))
            self.monitor = self.monitor[4:]
        self.settings, self.log = settings, log
        self.higher = higher_is_better(self.monitor)
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

    def should_stop(self, emit, epoch, batch):
        """Waits out a pause (saying so) before batch `batch` of `epoch`; True once asked to stop."""
        if not self.running.is_set():
            emit({'type': 'paused', 'epoch': epoch, 'batch': batch})
            self.running.wait()
        return self.stopping


def epoch_order(count, config, epoch, device):
    """The rows of epoch `epoch` in the order a tfjs run takes them (shuffled per epoch from the seed, or as they are)."""
    if config['shuffle']:
        return torch.tensor(shuffled_indices(count, config['seed'] + epoch), dtype=torch.long, device=device)
    return torch.arange(count, device=device)


# ---- the run ----------------------------------------------------------------------------

def read_field(data, name, device):
    with open(os.path.join(HERE, data['path']), 'rb') as f:
        raw = bytearray(f.read())
    shape = data['shape']
    return (torch.frombuffer(raw, dtype=torch.float32).reshape(shape) if raw else torch.zeros(shape)).to(device)


def load_data(job, device):
    """(inputs, targets): each Input's field shaped as the Input takes it, images N, C, H, W as
    PyTorch has them, token ids as int64; each output's target field as it is (channels-last)."""
    fields = {name: read_field(data, name, device) for name, data in job['fields'].items()}
    inputs = []
    for k, bound in enumerate(job['inputs']):
        x = fields[bound['field']]
        x = x.reshape(x.shape[0], *bound['sampleShape'])
        if x.dim() == 4:
            x = channels_first(x)
        if INPUTS[k][2] == 'int64':
            x = x.round().long()
        inputs.append(x)
    targets = [fields[bound['field']] for bound in job['outputs']]
    return inputs, targets


def channels_first(x):
    return x.permute(0, 3, 1, 2).contiguous()


def channels_last(x):
    return x.permute(0, 2, 3, 1)


def predictions_of(job, output):
    """The trained outputs of what forward returned (one tensor or a tuple, images N, C, H, W),
    channels-last as their targets are."""
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    return [channels_last(p) if p.dim() == 4 else p for p in (outputs[bound['index']] for bound in job['outputs'])]


def corrupt(x, noise, generator):
    """A denoising autoencoder's input: Gaussian noise, or values set to 0 at random (seeded)."""
    if noise['kind'] == 'gaussian':
        return x + torch.randn(x.shape, generator=generator).to(x.device) * noise['std']
    keep = (torch.rand(x.shape, generator=generator) >= noise['rate']).to(x.device)
    return x * keep.to(x.dtype)


def noisy(job, inputs, seed):
    """The inputs with each bound Input's noise; untouched without any."""
    if not any('noise' in bound for bound in job['inputs']):
        return inputs
    generator = torch.Generator().manual_seed(seed)
    return [corrupt(x, bound['noise'], generator) if 'noise' in bound else x for x, bound in zip(inputs, job['inputs'])]


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
    if 'gan' in job:
        if world > 1:
            raise UserError('a GAN trains in one process: run python train.py, not torchrun')
        return train_gan(job, config, device, emit, log, control, args, started)
    inputs, targets = load_data(job, device)
    count = inputs[0].shape[0] if inputs else 0
    if count < 1:
        raise UserError('the dataset has no samples')
    train_rows, validation_rows = split_indices(count, config['validationSplit'], config['seed'])
    train_rows = torch.tensor(train_rows, dtype=torch.long, device=device)
    validation_rows = torch.tensor(validation_rows, dtype=torch.long, device=device)
    x_train, y_train = [x[train_rows] for x in inputs], [y[train_rows] for y in targets]
    x_val, y_val = [x[validation_rows] for x in inputs], [y[validation_rows] for y in targets]
    train_count, validation_count = train_rows.shape[0], validation_rows.shape[0]
    batch_size = config['batchSize']
    steps = math.ceil(train_count / batch_size)

    model = build_model().to(device)
    model.train()
    network = model
    if world > 1:
        network = torch.nn.parallel.DistributedDataParallel(model, device_ids=[device.index] if device.type == 'cuda' else None)
    optimizer = make_optimizer(config, [p for p in model.parameters() if p.requires_grad])
    objective = Objective(job['outputs'])
    early = EarlyStopping(config['earlyStopping'], validation_count > 0, log) if config['earlyStopping']['enabled'] else None
    best_state, best_logs, last_logs = None, None, {}
    epochs_done, reason = 0, 'completed'

    emit({'type': 'ready', 'trainSamples': train_count, 'validationSamples': validation_count, 'batchesPerEpoch': steps, 'epochs': config['epochs']})
    for epoch in range(1, config['epochs'] + 1):
        order = epoch_order(train_count, config, epoch, device)
        sums = torch.zeros(2 + len(objective.scores), dtype=torch.float64)
        last_emit, samples_since = time.time(), 0
        learning_rate = config['learningRate']
        for batch in range(steps):
            if control.should_stop(emit, epoch, batch):
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
            xb = noisy(job, [x[share] for x in x_train], config['seed'] * 7919 + epoch * 100003 + batch * world + rank)
            yb = [y[share] for y in y_train]
            predicted = predictions_of(job, network(*xb))
            loss = objective.loss(yb, predicted)
            optimizer.zero_grad(set_to_none=True)
            (loss * weight if weight != 1.0 else loss).backward()
            optimizer.step()
            value = loss.item()
            if not math.isfinite(value):
                raise UserError('the loss became %s at epoch %d, batch %d — training diverged; lower the learning rate (now %g) or normalize the features' % (value, epoch, batch + 1, learning_rate))
            with torch.no_grad():
                rows_here = share.shape[0] if weight else 0
                sums[0] += value * rows_here
                for i, score in enumerate(objective.score_values(yb, [p.detach() for p in predicted])):
                    sums[1 + i] += score * rows_here
                sums[-1] += rows_here
            samples_since += size
            now = time.time()
            if batch == steps - 1 or now - last_emit >= BATCH_EVENT_MIN_INTERVAL:
                seen = max(sums[-1].item(), 1)
                emit({'type': 'batch', 'epoch': epoch, 'batch': batch + 1, 'batchesPerEpoch': steps,
                      'loss': sums[0].item() / seen, 'metrics': objective.report(sums, seen),
                      'learningRate': learning_rate, 'samplesPerSecond': samples_since / max(now - last_emit, 1e-3)})
                last_emit, samples_since = now, 0
        if reason == 'stopped':
            break
        if world > 1:
            dist.all_reduce(sums)
        seen = max(sums[-1].item(), 1)
        logs = {'loss': sums[0].item() / seen}
        logs.update(objective.report(sums, seen))
        if validation_count > 0:
            logs.update(evaluate(job, model, objective, x_val, y_val, config['seed'], rank, world))
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


# ---- a GAN (shared/training/adversarial.ts) ----------------------------------------------

FIXED_NOISE_ROWS = 64
PLANE_POINTS = 300
PLANE_GRID = 30
MANIFOLD_GRID = 20
PLANE_MARGIN = 0.1
PLANE_INTERVAL = 1.0
DIVERGENCE_POINTS = 2000
GRID_CELLS = 30
EMPTY_CELL_PROBABILITY = 1e-10


def imul32(a, b):
    """(a · b) mod 2³² of int64 tensors holding 32-bit values (JavaScript's Math.imul, unsigned),
    in 16-bit halves so no product leaves int64."""
    return (a * (b & 0xFFFF) + (((a * (b >> 16)) & 0xFFFF) << 16)) & 0xFFFFFFFF


def mulberry32_values(seed, start, count):
    """Values start … start + count − 1 of mulberry32(seed) at once, as float64: its state only
    counts up by 0x6D2B79F5, so each value is the same hash of seed + (n + 1) · 0x6D2B79F5."""
    n = torch.arange(start + 1, start + count + 1, dtype=torch.int64) & 0xFFFFFFFF
    t = ((seed & 0xFFFFFFFF) + n * 0x6D2B79F5) & 0xFFFFFFFF
    t = imul32(t ^ (t >> 15), t | 1)
    t = t ^ ((t + imul32(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF)
    return ((t ^ (t >> 14)) & 0xFFFFFFFF).to(torch.float64) / 4294967296


class Noise:
    """The generator's noise as NN Designer draws it (shared/training/gan-noise.ts): one seeded
    mulberry32 stream, batch × noise size values at a time, row-major; N(0, 1) by Box–Muller on
    two uniforms per value (u = 1 − random(), v = random(), √(−2 ln u)·cos 2πv, as
    shared/data/dataset.ts's gaussian), or U(−1, 1)."""

    def __init__(self, seed, kind, shape, device):
        self.seed, self.kind, self.shape, self.device = seed, kind, shape, device
        self.size = math.prod(shape)
        self.drawn = 0

    def draw(self, rows):
        count = rows * self.size
        uniforms = 2 * count if self.kind == 'normal' else count
        r = mulberry32_values(self.seed, self.drawn, uniforms)
        self.drawn += uniforms
        if self.kind == 'normal':
            values = torch.sqrt(-2 * torch.log(1 - r[0::2])) * torch.cos(2 * math.pi * r[1::2])
        else:
            values = 2 * r - 1
        return self.batch(values, rows)

    def batch(self, values, rows):
        """rows × noise size values, row-major as NN Designer lays them (channels-last), as the generator takes them."""
        z = values.to(torch.float32).reshape(rows, *self.shape)
        return (channels_first(z) if z.dim() == 4 else z).to(self.device)


def binary_crossentropy(s, label, ends):
    """Mean BCE of D's outputs against one label: stably from a logit, from the clipped probability otherwise."""
    if ends == 'logit':
        return F.binary_cross_entropy_with_logits(s, torch.full_like(s, label))
    p = s.clamp(EPSILON, 1 - EPSILON)
    return -(label * p.log() + (1 - label) * (1 - p).log()).mean()


def discriminator_loss(loss, ends, s_real, s_fake, real_label):
    if loss == 'non-saturating':
        return binary_crossentropy(s_real, real_label, ends) + binary_crossentropy(s_fake, 0.0, ends)
    if loss == 'least-squares':
        return 0.5 * ((s_real - real_label) ** 2).mean() + 0.5 * (s_fake ** 2).mean()
    if loss == 'hinge':
        return F.relu(1 - s_real).mean() + F.relu(1 + s_fake).mean()
    raise UserError('unknown GAN loss ' + loss)


def generator_loss_per_sample(loss, ends, s_fake):
    s = s_fake.reshape(-1)
    if loss == 'non-saturating':
        return F.softplus(-s) if ends == 'logit' else -s.clamp(EPSILON, 1 - EPSILON).log()
    if loss == 'least-squares':
        return 0.5 * (s - 1) ** 2
    if loss == 'hinge':
        return -s
    raise UserError('unknown GAN loss ' + loss)


def generator_loss(loss, ends, s_fake):
    return generator_loss_per_sample(loss, ends, s_fake).mean()


def discriminator_says(loss, ends, s):
    """d_real / d_fake: D's mean output as a probability for the non-saturating loss, raw otherwise."""
    return (torch.sigmoid(s) if loss == 'non-saturating' and ends == 'logit' else s).mean()


def image_range(values):
    """The range pictures like values (a tensor) are drawn over: 0..1 or −1..1 when the values lie
    in it, else theirs (shared/training/sample-image.ts's imageRange)."""
    finite = values[torch.isfinite(values)]
    if finite.numel() == 0:
        return 0.0, 1.0
    lo, hi = finite.min().item(), finite.max().item()
    if lo >= -1e-6 and hi <= 1 + 1e-6:
        return 0.0, 1.0
    if lo >= -1 - 1e-6 and hi <= 1 + 1e-6:
        return -1.0, 1.0
    return (lo, hi) if hi > lo else (0.0, 1.0)


def encode_image(values, height, width, channels, preferred_range):
    """One picture as NN Designer's SampleImage (shared/training/sample-image.ts's encodeImage):
    its bytes over preferred_range when the values lie in it, else over 0..1 when they lie in
    that, else from their least to their largest value."""
    finite = [v for v in values if math.isfinite(v)]
    lo, hi = (min(finite), max(finite)) if finite else (math.inf, -math.inf)

    def within(low, high):
        return lo >= low - 1e-6 and hi <= high + 1e-6
    if within(*preferred_range):
        low, high = preferred_range
    elif within(0.0, 1.0):
        low, high = 0.0, 1.0
    elif finite and hi > lo:
        low, high = lo, hi
    else:
        low, high = 0.0, 1.0
    span = high - low
    raw = bytes(math.floor(max(0.0, min(1.0, (v - low) / span)) * 255 + 0.5) if math.isfinite(v) else 0 for v in values)
    return {'height': height, 'width': width, 'channels': channels, 'range': [low, high], 'bytes': base64.b64encode(raw).decode('ascii')}


def histogram2d(points, bounds):
    """Each cell's share of the points, lifted by EMPTY_CELL_PROBABILITY and renormalized
    (shared/training/point-cloud-divergence.ts); points beyond the grid count at its border."""
    min_x, max_x, min_y, max_y = bounds
    counts = [0.0] * (GRID_CELLS * GRID_CELLS)
    counted = 0
    for x, y in points:
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        column = min(GRID_CELLS - 1, max(0, math.floor((x - min_x) / (max_x - min_x) * GRID_CELLS)))
        row = min(GRID_CELLS - 1, max(0, math.floor((y - min_y) / (max_y - min_y) * GRID_CELLS)))
        counts[row * GRID_CELLS + column] += 1
        counted += 1
    total = 1 + len(counts) * EMPTY_CELL_PROBABILITY
    return [((c / counted if counted else 1 / len(counts)) + EMPTY_CELL_PROBABILITY) / total for c in counts]


def kl_divergence(p, q):
    return max(0.0, sum(pi * math.log(pi / qi) for pi, qi in zip(p, q) if pi > 0))


def point_cloud_divergence(real, fake):
    """(KL, JS) between the real and the fake points' 30 × 30 histograms over the real points' range."""
    xs, ys = [x for x, _ in real], [y for _, y in real]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    if max_x == min_x:
        min_x, max_x = min_x - 0.5, max_x + 0.5
    if max_y == min_y:
        min_y, max_y = min_y - 0.5, max_y + 0.5
    bounds = (min_x, max_x, min_y, max_y)
    p, q = histogram2d(real, bounds), histogram2d(fake, bounds)
    m = [(a + b) / 2 for a, b in zip(p, q)]
    return kl_divergence(p, q), min(math.log(2), (kl_divergence(p, m) + kl_divergence(q, m)) / 2)


def mean_pairwise_distance(samples):
    """The mean Euclidean distance between every two of the samples (one per row)."""
    flat = samples.reshape(samples.shape[0], -1).to(torch.float64)
    n = flat.shape[0]
    if n < 2:
        return 0.0
    return (torch.cdist(flat, flat).sum() / (n * (n - 1))).item()


def strided(samples, count):
    """count samples spread evenly over all of them (all of them when there are no more)."""
    total = samples.shape[0]
    if total <= count:
        return samples
    return samples[[math.floor(i * total / count) for i in range(count)]]


def plane_parts(real_points, view_noise, distribution):
    """What GAN Lab's views of a 2-D GAN look at all run: the real points' range with a margin, the
    centres of a PLANE_GRID² grid over it (row by row from the bottom), a MANIFOLD_GRID² grid of
    noise over its first two values (±2 for normal noise, ±1 for uniform; the rest 0), PLANE_POINTS
    real points and the noise of PLANE_POINTS fakes (the view stream's first rows)."""
    xs, ys = [x for x, _ in real_points], [y for _, y in real_points]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    if max_x == min_x:
        min_x, max_x = min_x - 0.5, max_x + 0.5
    if max_y == min_y:
        min_y, max_y = min_y - 0.5, max_y + 0.5
    margin_x, margin_y = (max_x - min_x) * PLANE_MARGIN, (max_y - min_y) * PLANE_MARGIN
    bounds = {'xMin': min_x - margin_x, 'xMax': max_x + margin_x, 'yMin': min_y - margin_y, 'yMax': max_y + margin_y}
    cells = torch.tensor([[bounds['xMin'] + (column + 0.5) / PLANE_GRID * (bounds['xMax'] - bounds['xMin']),
                           bounds['yMin'] + (row + 0.5) / PLANE_GRID * (bounds['yMax'] - bounds['yMin'])]
                          for row in range(PLANE_GRID) for column in range(PLANE_GRID)], dtype=torch.float32)
    reach = 2 if distribution == 'normal' else 1
    grid = torch.zeros(MANIFOLD_GRID * MANIFOLD_GRID, view_noise.size, dtype=torch.float64)
    for row in range(MANIFOLD_GRID):
        for column in range(MANIFOLD_GRID):
            grid[row * MANIFOLD_GRID + column, 0] = -reach + 2 * reach * column / (MANIFOLD_GRID - 1)
            if view_noise.size > 1:
                grid[row * MANIFOLD_GRID + column, 1] = -reach + 2 * reach * row / (MANIFOLD_GRID - 1)
    count = len(real_points)
    shown = real_points if count <= PLANE_POINTS else [real_points[math.floor(i * count / PLANE_POINTS)] for i in range(PLANE_POINTS)]
    return {'bounds': bounds, 'cells': cells.to(view_noise.device), 'real': shown,
            'manifold_noise': view_noise.batch(grid, MANIFOLD_GRID * MANIFOLD_GRID),
            'fake_noise': view_noise.draw(PLANE_POINTS)}


ADVICE = {
    'discriminator-wins': "the discriminator tells every fake from the real samples (%s), so the generator has no gradient to learn from: lower the discriminator's learning rate, give it fewer steps or fewer units, or add label smoothing",
    'mode-collapse': "the generator's samples are nearly all alike (%s): it has collapsed onto a few outputs — lower the generator's learning rate, give the discriminator more steps, or try the least-squares loss",
}


def train_gan(job, config, device, emit, log, control, args, started):
    """shared/training/adversarial.ts: per batch of real samples, k_D discriminator steps (each
    against a fresh fake batch; no gradient reaches G), then k_G generator steps (G's weights
    only; D in training mode). An iteration reports the mean d_loss, d_real, d_fake of its D
    steps and the mean g_loss of its G steps; epochs average iterations weighted by batch size."""
    gan, shapes = config['gan'], job['gan']
    ends, loss_name = shapes['discriminatorEnds'], gan['loss']
    real = read_field(job['fields'][gan['real']], gan['real'], device)
    real = real.reshape(real.shape[0], *shapes['sampleShape'])
    images = real.dim() == 4
    if images:
        real = channels_first(real)
    count = real.shape[0]
    if count < 1:
        raise UserError('the dataset has no samples')
    points = not images and list(shapes['sampleShape']) == [2]
    # What is watched is measured against the real samples in the dataset's order.
    real_points = real.reshape(-1, 2).tolist() if points else None
    real_spread = mean_pairwise_distance(strided(real, FIXED_NOISE_ROWS))
    # Pictures on the real pictures' scale while they keep within it, so epochs compare.
    picture_range = image_range(real) if images else None
    # Every sample trains, in the order NN Designer's table source puts them (its split with nothing held out).
    real = real[torch.tensor(split_indices(count, 0, config['seed'])[0], dtype=torch.long, device=device)]
    batch_size = config['batchSize']
    steps = math.ceil(count / batch_size)

    model = build_model().to(device)
    model.train()
    generator, discriminator = model.generator, model.discriminator
    # Each player's optimizer as NN Designer makes it: its own rate and beta1, momentum 0.9.
    d_optimizer = make_optimizer(dict(gan['discriminatorOptimizer'], momentum=0.9), [p for p in discriminator.parameters() if p.requires_grad])
    g_optimizer = make_optimizer(dict(gan['generatorOptimizer'], momentum=0.9), [p for p in generator.parameters() if p.requires_grad])
    d_rate = gan['discriminatorOptimizer']['learningRate']
    noise = Noise(config['seed'] + 1, gan['noise'], shapes['noiseShape'], device)
    fixed_noise = Noise(config['seed'] + 2, gan['noise'], shapes['noiseShape'], device).draw(FIXED_NOISE_ROWS)
    # What is watched rather than trained has a stream of its own: first the 2-D view's fakes
    # (plane_parts), then each epoch's divergence points.
    view_noise = Noise(config['seed'] + 3, gan['noise'], shapes['noiseShape'], device)
    real_label = 1.0 - gan['labelSmoothing']
    plane = plane_parts(real_points, view_noise, gan['noise']) if points else None
    advice_holds = set()
    last_plane = [0.0]

    def generate(z):
        generator.eval()
        with torch.no_grad():
            fake = generator(z)
        generator.train()
        return fake

    def samples_event(epoch, step):
        fake = generate(fixed_noise)
        shape = list(shapes['sampleShape'])
        event = {'type': 'gan-samples', 'epoch': epoch, 'step': step, 'shape': shape}
        if images and shape[0] <= 256 and shape[1] <= 256 and 1 <= shape[2] <= 4:
            height, width, channels = shape
            event['images'] = [encode_image(sample.reshape(-1).tolist(), height, width, channels, picture_range) for sample in channels_last(fake)]
        else:
            event['values'] = (channels_last(fake) if images else fake).reshape(fake.shape[0], -1).tolist()
        emit(event)
        return fake

    def plane_event(epoch, step):
        """GAN Lab's views of a 2-D GAN (shared/training/adversarial-watch.ts), both networks in inference mode."""
        if plane is None:
            return
        last_plane[0] = time.time()
        generator.eval()
        discriminator.eval()
        with torch.no_grad():
            fake = generator(plane['fake_noise'])
            scores = discriminator(plane['cells'])
            heat = torch.sigmoid(scores) if ends == 'logit' else scores
            manifold = generator(plane['manifold_noise'])
        moved = fake.detach().clone().requires_grad_(True)
        with torch.enable_grad():
            # Where the generator's loss pushes each point: −∂(its loss)/∂(point), each point's own loss.
            pushed, = torch.autograd.grad(generator_loss_per_sample(loss_name, ends, discriminator(moved)).sum(), moved)
        generator.train()
        discriminator.train()
        emit({'type': 'gan-plane', 'epoch': epoch, 'step': step, 'bounds': plane['bounds'], 'real': plane['real'],
              'fake': fake.tolist(), 'gradients': (-pushed).tolist(), 'heat': heat.reshape(-1).tolist(), 'manifold': manifold.tolist()})

    def advise(advice, holds, epoch, detail):
        if not holds:
            advice_holds.discard(advice)
        elif advice not in advice_holds:
            advice_holds.add(advice)
            emit({'type': 'gan-advice', 'epoch': epoch, 'advice': advice, 'message': ADVICE[advice] % detail})

    emit({'type': 'ready', 'trainSamples': count, 'validationSamples': 0, 'batchesPerEpoch': steps, 'epochs': config['epochs'], 'adversarial': True})
    samples = samples_event(0, 0)
    plane_event(0, 0)
    keys = ('d_loss', 'g_loss', 'd_real', 'd_fake')
    epochs_done, reason, last_logs, iterations = 0, 'completed', {}, 0
    for epoch in range(1, config['epochs'] + 1):
        order = epoch_order(count, config, epoch, device)
        sums, seen = dict.fromkeys(keys, 0.0), 0
        last_emit, samples_since = time.time(), 0
        for batch in range(steps):
            if control.should_stop(emit, epoch, batch):
                reason = 'stopped'
                break
            real_batch = real[order[batch * batch_size:(batch + 1) * batch_size]]
            size = real_batch.shape[0]
            d_values = []
            for _ in range(gan['discriminatorSteps']):
                with torch.no_grad():
                    fake = generator(noise.draw(size))
                s_real, s_fake = discriminator(real_batch), discriminator(fake)
                d_loss = discriminator_loss(loss_name, ends, s_real, s_fake, real_label)
                d_optimizer.zero_grad(set_to_none=True)
                d_loss.backward()
                d_optimizer.step()
                d_values.append(torch.stack([d_loss.detach(), discriminator_says(loss_name, ends, s_real.detach()), discriminator_says(loss_name, ends, s_fake.detach())]))
            discriminator.requires_grad_(False)
            g_values = []
            for _ in range(gan['generatorSteps']):
                g_loss = generator_loss(loss_name, ends, discriminator(generator(noise.draw(size))))
                g_optimizer.zero_grad(set_to_none=True)
                g_loss.backward()
                g_optimizer.step()
                g_values.append(g_loss.detach())
            discriminator.requires_grad_(True)
            d_mean = torch.stack(d_values).mean(dim=0)
            d_loss_value, d_real, d_fake = d_mean.tolist()
            g_loss_value = torch.stack(g_values).mean().item()
            for value in (d_loss_value, g_loss_value):
                if not math.isfinite(value):
                    raise UserError('the loss became %s at epoch %d, batch %d — training diverged; lower the learning rate (now %g) or normalize the features' % (value, epoch, batch + 1, d_rate))
            for key, value in zip(keys, (d_loss_value, g_loss_value, d_real, d_fake)):
                sums[key] += value * size
            seen += size
            iterations += 1
            samples_since += size
            now = time.time()
            if batch == steps - 1 or now - last_emit >= BATCH_EVENT_MIN_INTERVAL:
                metrics = {key: sums[key] / seen for key in keys}
                emit({'type': 'batch', 'epoch': epoch, 'batch': batch + 1, 'batchesPerEpoch': steps, 'loss': metrics['d_loss'],
                      'metrics': metrics, 'learningRate': d_rate, 'samplesPerSecond': samples_since / max(now - last_emit, 1e-3)})
                last_emit, samples_since = now, 0
            if plane is not None and time.time() - last_plane[0] >= PLANE_INTERVAL:
                plane_event(epoch, iterations)
        if reason == 'stopped':
            break
        logs = {'loss': sums['d_loss'] / max(seen, 1)}
        logs.update({key: sums[key] / max(seen, 1) for key in keys})
        if points:
            fake_points = generate(view_noise.draw(DIVERGENCE_POINTS)).reshape(-1, 2).tolist()
            logs['kl_divergence'], logs['js_divergence'] = point_cloud_divergence(real_points, fake_points)
        last_logs, epochs_done = logs, epoch
        emit({'type': 'epoch', 'epoch': epoch, 'epochs': config['epochs'], 'logs': logs, 'learningRate': d_rate, 'elapsedMs': (time.time() - started) * 1000})
        samples = samples_event(epoch, iterations)
        plane_event(epoch, iterations)
        advise('discriminator-wins', logs['d_loss'] < 0.05 and logs['d_fake'] < 0.05, epoch, 'd_loss %.2g, d_fake %.2g' % (logs['d_loss'], logs['d_fake']))
        if real_spread > 0:
            spread = mean_pairwise_distance(samples) / real_spread
            advise('mode-collapse', spread < 0.1, epoch, "their spread is %.1f %% of the real samples'" % (spread * 100))

    if args.save and epochs_done > 0:
        save_weights(model, args.save)
    return {'reason': reason, 'epochs': epochs_done, 'metrics': last_logs}


def evaluate(job, model, objective, xs, ys, seed, rank=0, world=1, prefix='val_'):
    """Loss and metrics over a split in inference mode, in chunks; each process takes a slice.
    The inputs' noise is the same every epoch, so validation losses compare."""
    model.eval()
    sums = torch.zeros(2 + len(objective.scores), dtype=torch.float64)
    if world > 1:
        rows = torch.arange(xs[0].shape[0], device=xs[0].device).tensor_split(world)[rank]
        xs, ys = [x[rows] for x in xs], [y[rows] for y in ys]
    with torch.no_grad():
        for index, start in enumerate(range(0, xs[0].shape[0], VALIDATION_CHUNK)):
            xb = noisy(job, [x[start:start + VALIDATION_CHUNK] for x in xs], seed + index * world + rank)
            yb = [y[start:start + VALIDATION_CHUNK] for y in ys]
            predicted = predictions_of(job, model(*xb))
            n = xb[0].shape[0]
            sums[0] += objective.loss(yb, predicted).item() * n
            for i, score in enumerate(objective.score_values(yb, predicted)):
                sums[1 + i] += score * n
            sums[-1] += n
    model.train()
    if world > 1:
        dist.all_reduce(sums)
    seen = max(sums[-1].item(), 1)
    logs = {prefix + 'loss': sums[0].item() / seen}
    logs.update(objective.report(sums, seen, prefix))
    return logs


if __name__ == '__main__':
    main()
