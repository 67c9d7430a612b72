package io.github.convnetij.nn;

import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/**
 * Loss functions. The softmax cross-entropy is fused (computed from the logits with the
 * log-sum-exp shift), so it neither overflows nor loses precision where a separate softmax and
 * logarithm would.
 * <pre>{@code
 * Tensor grad = Tensor.zeros(logits.shape());
 * Losses.Result r = Losses.softmaxCrossEntropy(logits, labels, grad);   // grad = (softmax - onehot) / N
 * }</pre>
 */
public final class Losses {

	private Losses() {}

	/** Mean loss and number of correct predictions of a batch. */
	public static final class Result {

		private final double loss;
		private final int correct;

		Result(final double loss, final int correct) {
			this.loss = loss;
			this.correct = correct;
		}

		public double loss() {
			return loss;
		}

		public int correct() {
			return correct;
		}
	}

	/**
	 * Mean over the batch of {@code -log softmax(logits[n])[labels[n]]}; if {@code grad} is not null
	 * it receives d(mean loss)/d(logits) = {@code (softmax(logits) - onehot(labels)) / N}. A sample
	 * counts as correct if its largest logit (the first, on ties) is at its label.
	 *
	 * @param logits {@code [N, K]} (or {@code [N, K, 1, ...]})
	 * @param labels N class indices in {@code [0, K)}
	 * @param grad null or a tensor with {@code logits}' element count
	 * @throws IllegalArgumentException on a count mismatch or a label out of range, naming it
	 */
	public static Result softmaxCrossEntropy(final Tensor logits, final int[] labels,
		final Tensor grad)
	{
		if (logits == null || labels == null) throw new IllegalArgumentException(
			"logits and labels are required");
		final int n = logits.size(0);
		if (labels.length != n) throw new IllegalArgumentException(labels.length +
			" labels for a batch of " + n + " (logits " + Arrays.toString(logits.shape()) + ")");
		if (grad != null && grad.numel() != logits.numel()) throw new IllegalArgumentException(
			"gradient " + grad + " does not match logits " + logits);
		final int k = n == 0 ? 0 : logits.numel() / n;
		final float[] x = logits.data();
		final float[] g = grad == null ? null : grad.data();
		double total = 0;
		int correct = 0;
		for (int s = 0; s < n; s++) {
			final int label = labels[s];
			if (label < 0 || label >= k) throw new IllegalArgumentException("label " + label +
				" of sample " + s + " is outside [0, " + k + ")");
			final int o = s * k;
			float max = Float.NEGATIVE_INFINITY;
			int arg = 0;
			for (int j = 0; j < k; j++)
				if (x[o + j] > max) {
					max = x[o + j];
					arg = j;
				}
			if (arg == label) correct++;
			double sum = 0;
			for (int j = 0; j < k; j++)
				sum += Math.exp(x[o + j] - max);
			final double logSum = Math.log(sum);
			total += logSum - (x[o + label] - max);
			if (g != null) {
				final double scale = 1.0 / n;
				for (int j = 0; j < k; j++) {
					final double p = Math.exp(x[o + j] - max) / sum;
					g[o + j] = (float) ((p - (j == label ? 1 : 0)) * scale);
				}
			}
		}
		return new Result(n == 0 ? 0 : total / n, correct);
	}

	/** Softmax over the last axis of {@code [N, K]} logits into a new tensor, max-shifted. */
	public static Tensor softmax(final Tensor logits) {
		final Tensor out = Tensor.zeros(logits.shape());
		final int n = logits.size(0);
		final int k = n == 0 ? 0 : logits.numel() / n;
		final float[] x = logits.data(), y = out.data();
		for (int s = 0; s < n; s++) {
			final int o = s * k;
			float max = Float.NEGATIVE_INFINITY;
			for (int j = 0; j < k; j++)
				max = Math.max(max, x[o + j]);
			double sum = 0;
			for (int j = 0; j < k; j++)
				sum += Math.exp(x[o + j] - max);
			for (int j = 0; j < k; j++)
				y[o + j] = (float) (Math.exp(x[o + j] - max) / sum);
		}
		return out;
	}
}
