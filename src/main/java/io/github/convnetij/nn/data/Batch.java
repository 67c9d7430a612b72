package io.github.convnetij.nn.data;

import io.github.convnetij.compute.Tensor;

/**
 * One mini-batch: images as a float tensor {@code [B, C, H, W]} scaled to [0, 1], their class
 * labels, and their positions in the dataset they came from.
 * <pre>{@code
 * for (Batch b : MiniBatches.inOrder(test, 256))
 * 	correct += countCorrect(net.predict(b.images()), b.labels());
 * }</pre>
 *
 * @param images a new tensor {@code [B, C, H, W]} owned by the caller
 * @param labels B class labels
 * @param indices B positions in the dataset
 */
public record Batch(Tensor images, int[] labels, int[] indices) {

	/** Number of images in the batch (B). */
	public int size() {
		return labels.length;
	}
}
