/**
 * Training and evaluating networks on labelled image sets: the {@link
 * io.github.convnetij.nn.train.Trainer} (shuffled mini-batches, augmentation on the fly, a
 * stratified validation split or a test set evaluated each epoch, learning-rate schedules, exact
 * resume, cancellation at the batch safe point through {@code compute.Progress}); the loop's
 * listeners ({@link io.github.convnetij.nn.train.TrainingListener}): {@link
 * io.github.convnetij.nn.train.CheckpointListener} (atomic checkpoints each epoch), {@link
 * io.github.convnetij.nn.train.EarlyStopping}, {@link io.github.convnetij.nn.train.ProgressLog},
 * {@link io.github.convnetij.nn.train.MetricsFile} and {@link
 * io.github.convnetij.nn.train.MetricsSeries} (the hook for live plots); its settings ({@link
 * io.github.convnetij.nn.train.TrainingConfig}), per-epoch {@link
 * io.github.convnetij.nn.train.EpochMetrics}, {@link io.github.convnetij.nn.train.Checkpoint}s and
 * {@link io.github.convnetij.nn.train.Evaluation} (accuracy, loss, confusion matrix).
 * <pre>{@code
 * Network net = Architectures.parse(Architectures.defaultFor(new int[] {1, 28, 28}, 10), new int[] {1, 28, 28}, 10);
 * net.initialize(seed);
 * TrainingConfig cfg = TrainingConfig.builder().epochs(3).batchSize(64).seed(seed)
 *     .checkpointDir(Path.of("ckpt")).build();
 * TrainingResult r = new Trainer(cfg).train(net, train.classNames(),
 *     InputSpec.uint8(1, 28, 28), train, test, new ProgressLog(System.out::println), () -> cancelled);
 * if (!r.cancelled()) r.model().save(Path.of("model.onnx")); // history, preprocessing, augmentation
 * }</pre>
 * Determinism: the same seed, data and settings give bitwise the same weights, for any thread
 * count (the compute core does not depend on it), and a run resumed from a checkpoint continues
 * exactly as if it had not stopped. Threads come from the caller's ImgLib2
 * {@code Parallelization} context. This package never imports SciJava or ImageJ.
 */
package io.github.convnetij.nn.train;
