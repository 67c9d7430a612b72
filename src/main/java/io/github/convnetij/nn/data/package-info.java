/**
 * Labelled image data for training and evaluating networks. {@link
 * io.github.convnetij.nn.data.Datasets#open} reads every kind Train CNN takes, chosen by
 * {@link io.github.convnetij.nn.data.DatasetOptions} ({@code data_format=auto|folder|idx|cifar10|
 * cifar100|csv|stack}, {@code image_size}, {@code resize}, {@code convert}, {@code strict},
 * {@code class_names}, {@code label_mode}): a folder of class subfolders, a CSV manifest, MNIST-style
 * IDX files ({@link io.github.convnetij.nn.data.Idx}, {@link
 * io.github.convnetij.nn.data.ImageDatasets}), CIFAR-10/100 binaries, and the planes of an ImageJ
 * stack ({@link io.github.convnetij.nn.data.Datasets#fromPlanes}). Image files are decoded by an
 * {@link io.github.convnetij.nn.data.ImageDecoder} (javax.imageio by default; the ImageJ front end
 * plugs in its own), and become tensors as {@link io.github.convnetij.nn.data.Preprocessing} says
 * (recorded in a model's {@code convnet.preprocessing}). Imported ImageNet classifiers resize and
 * crop as torchvision does on PIL images: {@link io.github.convnetij.nn.data.ResizeCrop} with
 * PIL's antialiased bilinear filter, {@link io.github.convnetij.nn.data.PilResample}.
 * <p>
 * A {@link io.github.convnetij.nn.data.Dataset} is held in memory, decoded once ({@link
 * io.github.convnetij.nn.data.ImageDataset}: 8-bit, 16-bit or float samples), or streamed from
 * disk when it does not fit in the heap; {@link io.github.convnetij.nn.data.MiniBatches} makes
 * float tensors {@code [B, C, H, W]} one batch at a time, shuffled reproducibly from a seed and an
 * epoch number, building the next batches of streamed data ahead on a background thread.
 * <pre>{@code
 * Dataset train = Datasets.open(Path.of("cells"), DatasetOptions.defaults().convert("auto"));
 * for (Batch b : MiniBatches.shuffled(train, 64, seed, epoch)) {
 * 	Tensor x = b.images(); // [B, C, H, W]
 * 	int[] y = b.labels();  // indices into train.classNames()
 * }
 * }</pre>
 * Errors name the file or value and say what was found and what was expected. This package never
 * imports SciJava or ImageJ.
 */
package io.github.convnetij.nn.data;
