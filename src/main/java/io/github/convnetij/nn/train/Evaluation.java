package io.github.convnetij.nn.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Losses;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.data.Batch;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.MiniBatches;

/**
 * A network's accuracy, mean cross-entropy loss and confusion matrix on a labelled image set, in
 * inference mode. A prediction is the class with the highest output (the first on ties).
 * <pre>{@code
 * Evaluation e = Evaluation.of(net, test, 256);
 * System.out.printf("accuracy: %.4f%n", e.accuracy());
 * System.out.print(e.confusionTable(classes));
 * }</pre>
 *
 * @param count number of images
 * @param correct number classified correctly
 * @param loss mean softmax cross-entropy (from the probabilities when the network ends with a
 *          softmax, from the outputs as logits otherwise)
 * @param confusion {@code confusion[actual][predicted]} counts, K x K for K network outputs
 */
public record Evaluation(int count, int correct, double loss, int[][] confusion) {

	/** Fraction classified correctly (NaN for no images). */
	public double accuracy() {
		return count == 0 ? Double.NaN : correct / (double) count;
	}

	/**
	 * Evaluates {@code net} on {@code data} in batches of {@code batchSize}.
	 *
	 * @throws IllegalArgumentException if the images do not have the network's input shape, the
	 *           network's output is not a class vector, or a label has no output
	 */
	public static Evaluation of(final Network net, final Dataset data, final int batchSize) {
		final int k = checkCompatible(net, data, "evaluation data");
		if (batchSize >= 1) io.github.convnetij.nn.Budgets.batch(net, Math.min(batchSize, Math.max(1,
			data.size())), false);
		final boolean probabilities = net.nodes().get(net.nodes().size() - 1).layer().type().equals(
			"softmax");
		final int[][] confusion = new int[k][k];
		int correct = 0;
		double lossSum = 0;
		for (final Batch b : MiniBatches.inOrder(data, batchSize)) {
			final Tensor out = net.predict(b.images());
			final float[] y = out.data();
			final int[] labels = b.labels();
			for (int s = 0; s < labels.length; s++) {
				int arg = 0;
				for (int j = 1; j < k; j++)
					if (y[s * k + j] > y[s * k + arg]) arg = j;
				confusion[labels[s]][arg]++;
				if (arg == labels[s]) correct++;
				if (probabilities) lossSum -= Math.log(Math.max(y[s * k + labels[s]], Float.MIN_NORMAL));
			}
			if (!probabilities) lossSum += Losses.softmaxCrossEntropy(out, labels, null).loss() * labels
				.length;
		}
		return new Evaluation(data.size(), correct, data.size() == 0 ? Double.NaN : lossSum / data
			.size(), confusion);
	}

	/**
	 * Checks that {@code data} fits {@code net}: images of its input shape, labels below its
	 * number of outputs.
	 *
	 * @return the number of classes (outputs)
	 * @throws IllegalArgumentException otherwise, saying what differs
	 */
	public static int checkCompatible(final Network net, final Dataset data,
		final String what)
	{
		final int[] in = net.inputShape();
		final int[] img = { data.channels(), data.height(), data.width() };
		if (!Arrays.equals(in, img)) throw new IllegalArgumentException(what + " (" + data.source() +
			") has images of " + data.channels() + " x " + data.height() + " x " + data.width() +
			" (channels x height x width) but the network takes " + Arrays.toString(in));
		final int[] out = net.outputShape();
		if (out.length != 1) throw new IllegalArgumentException("the network's output " + Arrays
			.toString(out) + " is not a vector of class scores: end it with flatten, dense(classes)");
		final int k = out[0];
		final int classes = data.numClasses();
		if (classes > k) throw new IllegalArgumentException(what + " (" + data.source() +
			") has labels up to " + (classes - 1) + " but the network has only " + k + " outputs");
		return k;
	}

	/**
	 * The confusion matrix as text: one row per actual class, one column per predicted class,
	 * headed by the class names.
	 */
	public String confusionTable(final List<String> classes) {
		final int k = confusion.length;
		int w = 5;
		for (final int[] row : confusion)
			for (final int v : row)
				w = Math.max(w, Integer.toString(v).length() + 1);
		int nameWidth = "actual \\ predicted".length();
		for (int i = 0; i < k; i++)
			nameWidth = Math.max(nameWidth, name(classes, i).length());
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", "actual \\ predicted"));
		for (int j = 0; j < k; j++)
			sb.append(String.format(Locale.ROOT, " %" + w + "s", abbreviate(name(classes, j), w)));
		sb.append('\n');
		for (int i = 0; i < k; i++) {
			sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", name(classes, i)));
			for (int j = 0; j < k; j++)
				sb.append(String.format(Locale.ROOT, " %" + w + "d", confusion[i][j]));
			sb.append('\n');
		}
		return sb.toString();
	}

	private static String name(final List<String> classes, final int i) {
		return classes != null && i < classes.size() ? classes.get(i) : Integer.toString(i);
	}

	private static String abbreviate(final String s, final int w) {
		return s.length() <= w ? s : s.substring(0, w);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Evaluation e && count == e.count && correct == e.correct && Double.compare(
			loss, e.loss) == 0 && Arrays.deepEquals(confusion, e.confusion);
	}

	@Override
	public int hashCode() {
		return count * 31 + correct;
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "accuracy %.4f (%d/%d), loss %.4f", accuracy(), correct,
			count, loss);
	}
}
