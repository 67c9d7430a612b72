package io.github.convnetij.nn.data;

/**
 * A labelled set of uint8 images of one size, held once in memory as {@code [N, C, H, W]} bytes
 * (channels outermost within an image, X fastest) with an integer class label per image.
 * <p>
 * Subsets ({@link #subset}, {@link #split}) are views: they share the pixels and labels and only
 * hold their own list of indices, so a validation split or a shuffled epoch never copies the set.
 * Images are converted to floats in [0, 1] ({@code value / 255f}, as {@code
 * torch.from_numpy(x.astype(np.float32) / 255.0)}) one mini-batch at a time by
 * {@link MiniBatches}. Instances are immutable.
 * <pre>{@code
 * ImageDataset all = ImageDatasets.fromIdx(imagesFile, labelsFile);
 * ImageDataset.Split s = all.split(0.1, 42); // 10% held out for validation
 * float[] x = new float[all.imageSize()];
 * all.copyImage(0, x, 0);                      // first image, scaled to [0, 1]
 * }</pre>
 */
public final class ImageDataset {

	/** The float value of each byte value: {@code v / 255f}. */
	private static final float[] SCALE = new float[256];
	static {
		for (int v = 0; v < 256; v++)
			SCALE[v] = v / 255f;
	}

	private final byte[] pixels;
	private final int[] labels;
	private final int channels, height, width;
	/** Indices into the full set, or null for all images in order. */
	private final int[] index;
	private final String source;

	private ImageDataset(final byte[] pixels, final int[] labels, final int channels,
		final int height, final int width, final int[] index, final String source)
	{
		this.pixels = pixels;
		this.labels = labels;
		this.channels = channels;
		this.height = height;
		this.width = width;
		this.index = index;
		this.source = source;
	}

	/**
	 * A dataset over the given arrays, which are not copied and must not be changed afterwards.
	 *
	 * @param pixels {@code N * channels * height * width} uint8 values, image after image
	 * @param labels N class labels, each &gt;= 0
	 * @param source how to name the data in messages, e.g. the file names
	 * @throws IllegalArgumentException when sizes do not match, a size is not positive, or a label
	 *           is negative
	 */
	public static ImageDataset of(final byte[] pixels, final int[] labels, final int channels,
		final int height, final int width, final String source)
	{
		if (channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException(source +
			": image size " + channels + " x " + height + " x " + width + " (channels x height x width)" +
			" is not allowed: every size must be >= 1");
		final long per = (long) channels * height * width;
		if (pixels.length % per != 0 || pixels.length / per != labels.length)
			throw new IllegalArgumentException(source + ": " + labels.length + " labels but " + (pixels
				.length / (double) per) + " images of " + channels + " x " + height + " x " + width +
				" bytes (" + pixels.length + " bytes)");
		for (int i = 0; i < labels.length; i++)
			if (labels[i] < 0) throw new IllegalArgumentException(source + ": label of image " + i +
				" is " + labels[i] + ": expected a class number >= 0");
		return new ImageDataset(pixels, labels, channels, height, width, null, source);
	}

	/** Number of images. */
	public int size() {
		return index == null ? labels.length : index.length;
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	public int channels() {
		return channels;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	/** Values per image: {@code channels * height * width}. */
	public int imageSize() {
		return channels * height * width;
	}

	/** How the data is named in messages (e.g. its files). */
	public String source() {
		return source;
	}

	/** The class label of image {@code i} (0-based within this view). */
	public int label(final int i) {
		return labels[at(i)];
	}

	/** A copy of all labels of this view, in order. */
	public int[] labels() {
		final int[] out = new int[size()];
		for (int i = 0; i < out.length; i++)
			out[i] = labels[at(i)];
		return out;
	}

	/** One more than the largest label of this view (0 when empty). */
	public int numClasses() {
		int max = -1;
		for (int i = 0; i < size(); i++)
			max = Math.max(max, labels[at(i)]);
		return max + 1;
	}

	/** The uint8 value of image {@code i} at channel {@code c}, row {@code y}, column {@code x}. */
	public int pixel(final int i, final int c, final int y, final int x) {
		return pixels[(at(i) * channels + c) * height * width + y * width + x] & 0xFF;
	}

	/**
	 * Writes image {@code i} scaled to [0, 1] to {@code dst[offset .. offset + imageSize())} in
	 * C, H, W order.
	 */
	public void copyImage(final int i, final float[] dst, final int offset) {
		final int n = imageSize();
		final int src = at(i) * n;
		final byte[] p = pixels;
		for (int k = 0; k < n; k++)
			dst[offset + k] = SCALE[p[src + k] & 0xFF];
	}

	/** The images at {@code indices} (of this view), in that order, as a view sharing the data. */
	public ImageDataset subset(final int[] indices) {
		final int[] abs = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			if (indices[k] < 0 || indices[k] >= size()) throw new IndexOutOfBoundsException("index " +
				indices[k] + " is outside 0.." + (size() - 1));
			abs[k] = at(indices[k]);
		}
		return new ImageDataset(pixels, labels, channels, height, width, abs, source);
	}

	/**
	 * A training and a validation part: {@code round(size() * fraction)} images chosen at random
	 * (from {@code seed}) for validation, the others for training, each part in the order of this
	 * set.
	 *
	 * @param fraction in [0, 1)
	 * @throws IllegalArgumentException when {@code fraction} is outside [0, 1), or when it would
	 *           leave no image for training or (for a fraction &gt; 0) none for validation
	 */
	public Split split(final double fraction, final long seed) {
		if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException(
			"validation split " + fraction + " is not allowed: expected a fraction in [0, 1)");
		final int n = size();
		final int nVal = (int) Math.round(n * fraction);
		if (fraction > 0 && (nVal == 0 || nVal == n)) throw new IllegalArgumentException(
			"validation split " + fraction + " of " + n + " images leaves " + (nVal == 0
				? "no image for validation" : "no image for training"));
		final int[] perm = MiniBatches.permutation(n, seed, -1);
		final boolean[] val = new boolean[n];
		for (int k = 0; k < nVal; k++)
			val[perm[k]] = true;
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
	public record Split(ImageDataset training, ImageDataset validation) {}

	private int at(final int i) {
		return index == null ? i : index[i];
	}

	@Override
	public String toString() {
		return "ImageDataset[" + size() + " x " + channels + " x " + height + " x " + width + ", " +
			source + "]";
	}

	/** For tests: whether two views share the same pixel storage. */
	boolean sharesPixelsWith(final ImageDataset other) {
		return pixels == other.pixels;
	}
}
