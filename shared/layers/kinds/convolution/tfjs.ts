import * as tf from '@tensorflow/tfjs';
import { Conv1DWithCausalPadding } from './causal-conv1d';
import { Conv2DWithTrainableDilation } from './conv2d';
import { DepthwiseConv2DWithDilation } from './depthwise-conv2d';
import { SeparableConv2DSavingDepthMultiplier } from './separable-conv2d';
import { tfjsBuilder } from '../../tfjs-types';
import { conv1dSpec, conv2dSpec, conv2dTransposeSpec, depthwiseConv2dSpec, separableConv2dSpec } from './spec';

const conv1dBuilder = tfjsBuilder(conv1dSpec, (p, name) =>
  new Conv1DWithCausalPadding({
    name,
    filters: p.filters,
    kernelSize: p.kernelSize,
    strides: p.strides,
    padding: p.padding,
    dilationRate: p.dilationRate,
    activation: p.activation,
    useBias: p.useBias,
    kernelInitializer: p.kernelInitializer,
  }));

const conv2dBuilder = tfjsBuilder(conv2dSpec, (p, name) =>
  new Conv2DWithTrainableDilation({
    name,
    filters: p.filters,
    kernelSize: [...p.kernelSize],
    strides: [...p.strides],
    padding: p.padding,
    dilationRate: [...p.dilationRate],
    activation: p.activation,
    useBias: p.useBias,
    kernelInitializer: p.kernelInitializer,
  }));

const conv2dTransposeBuilder = tfjsBuilder(conv2dTransposeSpec, (p, name) =>
  tf.layers.conv2dTranspose({
    name,
    filters: p.filters,
    kernelSize: [...p.kernelSize],
    strides: [...p.strides],
    padding: p.padding,
    activation: p.activation,
    useBias: p.useBias,
    kernelInitializer: p.kernelInitializer,
  }));

const depthwiseConv2dBuilder = tfjsBuilder(depthwiseConv2dSpec, (p, name) =>
  new DepthwiseConv2DWithDilation({
    name,
    kernelSize: [...p.kernelSize],
    strides: [...p.strides],
    padding: p.padding,
    dilationRate: [...p.dilationRate],
    depthMultiplier: p.depthMultiplier,
    activation: p.activation,
    useBias: p.useBias,
    depthwiseInitializer: p.depthwiseInitializer,
  }));

const separableConv2dBuilder = tfjsBuilder(separableConv2dSpec, (p, name) =>
  new SeparableConv2DSavingDepthMultiplier({
    name,
    filters: p.filters,
    kernelSize: [...p.kernelSize],
    strides: [...p.strides],
    padding: p.padding,
    dilationRate: [...p.dilationRate],
    depthMultiplier: p.depthMultiplier,
    activation: p.activation,
    useBias: p.useBias,
    depthwiseInitializer: p.depthwiseInitializer,
  }));

export const tfjsBuilders = [conv1dBuilder, conv2dBuilder, conv2dTransposeBuilder, depthwiseConv2dBuilder, separableConv2dBuilder];
