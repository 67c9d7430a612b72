/**
 * Labelled image data for training and evaluating networks: the MNIST / Fashion-MNIST IDX file
 * format ({@link io.github.convnetij.nn.data.Idx}), labelled uint8 image sets held once in memory
 * ({@link io.github.convnetij.nn.data.ImageDataset}, made by
 * {@link io.github.convnetij.nn.data.ImageDatasets}: a pair of IDX files, or a folder of
 * {@code train-*} / {@code t10k-*} pairs), and mini-batches streamed from them as float tensors
 * scaled to [0, 1] ({@link io.github.convnetij.nn.data.MiniBatches}), shuffled reproducibly from a
 * seed and an epoch number.
 * <pre>{@code
 * ImageDataset train = ImageDatasets.forTraining(Path.of("/usr/share/datasets/fashion-mnist"));
 * for (Batch b : MiniBatches.shuffled(train, 64, seed, epoch)) {
 * 	Tensor x = b.images(); // [B, 1, 28, 28]
 * 	int[] y = b.labels();
 * }
 * }</pre>
 * Errors name the file and say what was found and what was expected. This package depends on the
 * compute core's {@code Tensor} only; it never imports SciJava or ImageJ.
 */
package io.github.convnetij.nn.data;
