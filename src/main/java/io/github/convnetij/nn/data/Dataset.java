package io.github.convnetij.nn.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A labelled set of images of one size and channel count, as the trainer and the evaluation take
 * it: {@link ImageDataset} (decoded images held in memory, 8-bit, 16-bit or float) or a set
 * streamed from image files ({@link #streamed()}), both made by {@link Datasets}. Image {@code i}
 * is written as floats, already preprocessed ({@link #preprocessing()}), by {@link #copyImage};
 * {@link MiniBatches} builds batches from it (ahead on a background thread for streamed sets).
 * <pre>{@code
 * Dataset d = Datasets.open(Path.of("cells"), DatasetOptions.defaults());
 * System.out.println(d.description());   // what was detected and read
 * d.notes().forEach(System.err::println); // skipped files, conversions, resizes
 * List<String> classes = d.classNames();  // label i is classes.get(i)
 * Dataset.Split s = d.split(0.1, 42);     // stratified, seeded
 * }</pre>
 * Subsets and splits are views sharing the images. Implementations are immutable and
 * {@link #copyImage} may be called from several threads at once.
 */
public interface Dataset {

	/** Number of images. */
	int size();

	default boolean isEmpty() {
		return size() == 0;
	}

	int channels();

	int height();

	int width();

	/** Values per image: {@code channels * height * width}. */
	default int imageSize() {
		return channels() * height() * width();
	}

	/** The class label of image {@code i}, an index into {@link #classNames()}. */
	int label(int i);

	/** A copy of all labels, in order. */
	default int[] labels() {
		final int[] out = new int[size()];
		for (int i = 0; i < out.length; i++)
			out[i] = label(i);
		return out;
	}

	/**
	 * Writes image {@code i}, preprocessed (scaled by bit depth, converted, resized), to
	 * {@code dst[offset .. offset + imageSize())} in C, H, W order.
	 *
	 * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} when a streamed image
	 *           cannot be read any more, naming its file
	 */
	void copyImage(int i, float[] dst, int offset);

	/** The class names, label {@code k} being {@code classNames().get(k)}; the whole set's. */
	List<String> classNames();

	/** Number of classes: {@code classNames().size()}. */
	default int numClasses() {
		return classNames().size();
	}

	/** How the data is named in messages (its path and kind). */
	String source();

	/** One line saying what was read: the format (and how {@code auto} found it), counts, sizes. */
	String description();

	/** Warnings and notes: skipped files, conversions, resizes; empty when there are none. */
	List<String> notes();

	/** How the images became tensors, for the model's {@code convnet.preprocessing}. */
	Preprocessing preprocessing();

	/** True when images are decoded from disk as batches are asked for (too large for the heap). */
	default boolean streamed() {
		return false;
	}

	/** The images at {@code indices}, in that order, as a view sharing the images. */
	Dataset subset(int[] indices);

	/**
	 * A stratified split: from each class, {@code round(count * fraction)} images chosen at random
	 * from {@code seed} go to validation, the others to training; each part keeps the order of
	 * this set.
	 *
	 * @param fraction in [0, 1)
	 * @throws IllegalArgumentException when {@code fraction} is outside [0, 1), or when it would
	 *           leave no image for training or (for a fraction &gt; 0) none for validation
	 */
	default Split split(final double fraction, final long seed) {
		if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException(
			"validation split " + fraction + " is not allowed: expected a fraction in [0, 1)");
		final int n = size();
		final int[] labels = labels();
		int k = 0;
		for (final int l : labels)
			k = Math.max(k, l + 1);
		final List<List<Integer>> byClass = new ArrayList<>();
		for (int c = 0; c < k; c++)
			byClass.add(new ArrayList<>());
		for (int i = 0; i < n; i++)
			byClass.get(labels[i]).add(i);
		final boolean[] val = new boolean[n];
		int nVal = 0;
		for (int c = 0; c < k; c++) {
			final List<Integer> members = byClass.get(c);
			final int take = (int) Math.round(members.size() * fraction);
			final int[] perm = MiniBatches.permutation(members.size(), seed, -2 - c);
			for (int j = 0; j < take; j++)
				val[members.get(perm[j])] = true;
			nVal += take;
		}
		if (fraction > 0 && (nVal == 0 || nVal == n)) throw new IllegalArgumentException(
			"validation split " + fraction + " of " + n + " images leaves " + (nVal == 0
				? "no image for validation" : "no image for training"));
		final int[] tr = new int[n - nVal], va = new int[nVal];
		int a = 0, b = 0;
		for (int i = 0; i < n; i++)
			if (val[i]) va[b++] = i;
			else tr[a++] = i;
		return new Split(subset(tr), subset(va));
	}

	/**
	 * A dataset split in two.
	 *
	 * @param training the images to train on
	 * @param validation the images held out (empty for a split of 0)
	 */
	record Split(Dataset training, Dataset validation) {}
}
