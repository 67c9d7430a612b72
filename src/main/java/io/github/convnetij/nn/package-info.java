/**
 * Convolutional networks on the shared compute core: layers with forward and backward passes on
 * batched tensors, a graph of named layers, losses, optimizers and learning-rate schedules.
 * Convolution layers run {@link io.github.convnetij.compute.Convolutions#correlate}, the kernel of
 * the Convolve command (im2col + packed GEMM for multi-channel problems), and their gradients run
 * on the same GEMM ({@link io.github.convnetij.compute.ConvolutionGradients}).
 *
 * <h2>API in one page</h2>
 * <pre>{@code
 * Network net = Architectures.parse(
 *     "conv(32,3,pad=1), relu, maxpool(2), conv(64,3,pad=1), relu, maxpool(2), flatten, dense(128), relu, dense(10), softmax",
 *     new int[] {1, 28, 28}, 10);                        // or Architectures.defaultFor(shape, classes)
 * net.initialize(seed);                                  // He/Glorot from java.util.Random(seed)
 * Optimizer opt = Optimizers.adam(1e-3).build(net.parameters());   // sgd(lr).momentum(0.9).nesterov(true), adamW(lr)...
 * LearningRateSchedule sched = LearningRates.parse("cosine(10)");
 * for (each batch) {                                     // images [N, 1, 28, 28] scaled as you like, labels int[N]
 *     opt.setLearningRate(sched.rate(1e-3, epoch + b / (double) batches));
 *     Network.BatchResult r = LossStep.softmaxCrossEntropy(net, images, labels); // forward (training), fused softmax-CE, backward
 *     opt.step();                                        // r.loss(), r.correct()
 * }
 * Tensor probs = net.forward(testImages, false);         // [N, 10], inference mode (batch norm: running stats)
 * Map<String, Tensor> maps = net.executor().outputs(image, List.of("relu1"));   // any node's output
 * }</pre>
 *
 * <h2>Layer kinds, graph, executor</h2>
 * Each layer kind is described once, by its {@link io.github.convnetij.nn.LayerKind} (next to the
 * layer's code, registered in {@link io.github.convnetij.nn.LayerKinds}): attributes and
 * construction, architecture-string token (parse and format), ONNX mapping both ways, and
 * capabilities (shape-preserving, ReLU-like, commutes with max pooling, ...). A
 * {@link io.github.convnetij.nn.Network} is an immutable {@link io.github.convnetij.nn.Graph} (nodes,
 * edges, shapes) with its parameters, run by an {@link io.github.convnetij.nn.Executor} that owns
 * buffer reuse and fusions (or runs unfused: {@code Executor.unfused(net.graph())}); the loss lives
 * in the training step ({@link io.github.convnetij.nn.LossStep}; {@code Network.computeGradients}
 * delegates to it).
 * Threads come from the caller's ImgLib2 {@code Parallelization} context
 * ({@code Parallelization.runWithNumThreads(n, () -> ...)}). For a given seed, data and order of
 * calls the results are bitwise the same for any thread count.
 *
 * <h2>Checkpoints</h2>
 * Everything needed to continue exactly: {@link io.github.convnetij.nn.Network#parameters()} and
 * {@link io.github.convnetij.nn.Network#buffers()} (tensors by {@code Parameter.name()}), the
 * network's {@code seed()} and {@code step()} (dropout masks depend on them: restore with
 * {@code initialize(seed)} then copy tensors, then {@code setStep(step)}), and the optimizer's
 * {@code state()} (tensors by name), {@code steps()} and {@code learningRate()}.
 *
 * <h2>Model files: node descriptions</h2>
 * {@link io.github.convnetij.nn.Network#nodes()} lists the nodes in topological order; each has a
 * {@code name()}, its {@code inputs()} (node names, {@link io.github.convnetij.nn.Network#INPUT}
 * for the graph input) and a {@code layer()} with {@code type()}, {@code attributes()} and named
 * tensors ({@code parameters()}, {@code buffers()}, roles below). A reader rebuilds the graph with
 * {@code Network.builder(inputShape).add(name, Layers.create(type, attributes), inputs...)},
 * {@code build()}, then copies each tensor into {@code net.parameter(node + "." + role).value()}.
 * Shapes are per sample, without the batch axis. Attribute values are {@code Integer},
 * {@code Float}, {@code Boolean}, {@code String} or {@code int[]} (one entry per spatial axis,
 * outermost first):
 * <table>
 * <caption>Layer types</caption>
 * <tr><th>type</th><th>attributes</th><th>tensors (role: shape)</th><th>ONNX</th></tr>
 * <tr><td>conv</td><td>out_channels, kernel, stride, dilation, padding (same|valid|explicit),
 * pads_before, pads_after (resolved once built), bias (boolean), groups (Integer, only when
 * not 1)</td><td>weight: [out, in / groups, K...], bias: [out]</td><td>Conv, explicit pads = before
 * ++ after, group</td></tr>
 * <tr><td>maxpool, avgpool</td><td>window, stride, padding, pads_before, pads_after, ceil</td>
 * <td>-</td><td>MaxPool, AveragePool (count_include_pad 0), ceil_mode</td></tr>
 * <tr><td>globalavgpool</td><td>-</td><td>-</td><td>GlobalAveragePool ([C, 1, 1])</td></tr>
 * <tr><td>relu</td><td>-</td><td>-</td><td>Relu</td></tr>
 * <tr><td>leakyrelu</td><td>alpha (Float)</td><td>-</td><td>LeakyRelu</td></tr>
 * <tr><td>batchnorm</td><td>epsilon, momentum (Float, PyTorch's convention: new = (1-m) old + m
 * batch; ONNX momentum = 1 - m)</td><td>weight: [C] (scale), bias: [C], running_mean: [C],
 * running_var: [C] (buffers)</td><td>BatchNormalization</td></tr>
 * <tr><td>dropout</td><td>rate (Float)</td><td>-</td><td>Dropout (identity at inference)</td></tr>
 * <tr><td>flatten</td><td>-</td><td>-</td><td>Flatten axis 1</td></tr>
 * <tr><td>dense</td><td>units, bias (boolean)</td><td>weight: [units, in], bias: [units]</td>
 * <td>Gemm transB 1</td></tr>
 * <tr><td>softmax, logsoftmax</td><td>-</td><td>-</td><td>Softmax, LogSoftmax axis -1 (the last
 * axis)</td></tr>
 * <tr><td>convtranspose</td><td>out_channels, kernel, stride, dilation, pads (befores then afters),
 * output_padding, groups (Integer, only when not 1), bias</td><td>weight: [in, out / groups, K...],
 * bias: [out]</td><td>ConvTranspose (group; output_shape and SAME auto_pad read too)</td></tr>
 * <tr><td>upsample</td><td>scale (int[], per spatial axis)</td><td>-</td><td>Resize nearest
 * (scales as a constant, asymmetric, floor); Upsample read</td></tr>
 * <tr><td>resize</td><td>scales (float[]) or sizes (int[]), per spatial axis or one for all; mode
 * (nearest, linear, cubic), coordinates (half_pixel, pytorch_half_pixel, align_corners,
 * asymmetric, tf_half_pixel_for_nn), nearest_mode, cubic_a (Float), exclude_outside
 * (Boolean)</td><td>-</td><td>Resize (scales as a constant; sizes are written as the scales
 * that give them); Resize read with scales or sizes</td></tr>
 * <tr><td>transpose</td><td>perm (int[], per-sample axes)</td><td>-</td><td>Transpose ([0, perm +
 * 1...])</td></tr>
 * <tr><td>pad</td><td>pads (int[], befores then afters per sample axis), value (Float), mode
 * (String, only when not constant: mirror or nearest)</td><td>-</td>
 * <td>Pad (pads and value as inputs; mode constant, reflect for mirror, edge for nearest)</td></tr>
 * <tr><td>add</td><td>- (two inputs)</td><td>-</td><td>Add</td></tr>
 * <tr><td>concat</td><td>inputs (Integer, &gt;= 2), axis (per sample, 0 = channels)</td><td>-</td>
 * <td>Concat (axis + 1)</td></tr>
 * <tr><td>reshape</td><td>shape (int[], per sample)</td><td>-</td><td>Reshape ([0, shape...])</td></tr>
 * <tr><td>sigmoid, tanh, hardswish</td><td>-</td><td>-</td><td>Sigmoid, Tanh, HardSwish</td></tr>
 * <tr><td>hardsigmoid</td><td>alpha, beta (Float)</td><td>-</td><td>HardSigmoid</td></tr>
 * <tr><td>clip</td><td>min, max (Float; absent = unbounded)</td><td>-</td><td>Clip (bounds as
 * inputs)</td></tr>
 * </table>
 * {@link io.github.convnetij.nn.Network#architecture()} gives the architecture string
 * ({@link io.github.convnetij.nn.Architectures} documents its syntax, including residual blocks
 * with labels and {@code add(label)}).
 * <h2>Speed</h2>
 * Stride-1 convolutions run as an implicit GEMM on the packed Vector API micro-kernel (no im2col),
 * other strides through im2col; inside a network, intermediate outputs and gradients reuse their
 * arrays from batch to batch (see {@link io.github.convnetij.nn.Layer}), and a ReLU followed by
 * max pooling runs as pooling then ReLU on the pooled tensor (bitwise the same results).
 * {@code TrainBenchmark} (test sources) times the reference CNN.
 * <p>
 * This package depends on {@code compute/} and ImgLib2 only; it never imports SciJava or ImageJ.
 */
package io.github.convnetij.nn;
