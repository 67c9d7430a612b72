package io.github.convnetij.nn.data;

import java.util.List;
import java.util.Objects;

import io.github.convnetij.nn.onnx.ModelFile;

/**
 * A labelled set of images of one size held once in memory as {@code [N, C, H, W]} samples
 * (channels outermost within an image, X fastest) with an integer class label per image. The
 * samples are stored as they were decoded when that is exact: unsigned 8-bit ({@link #of}, IDX,
 * CIFAR, 8-bit image files), unsigned 16-bit ({@link #ofShorts}), or already preprocessed floats
 * ({@link #ofFloats}: 32-bit images, resized or RGB-to-gray converted ones).
 * <p>
 * Subsets ({@link #subset}, {@link #split}) are views: they share the samples and labels and only
 * hold their own list of indices, so a validation split or a shuffled epoch never copies the set.
 * Samples are converted to floats one mini-batch at a time by {@link MiniBatches}: 8-bit as
 * {@code value / 255f} (as {@code torch.from_numpy(x.astype(np.float32) / 255.0)}), 16-bit as
 * {@code value / 65535f}, floats as stored. Instances are immutable.
 * <pre>{@code
 * ImageDataset all = ImageDatasets.fromIdx(imagesFile, labelsFile);
 * Dataset.Split s = all.split(0.1, 42);       // 10% held out for validation, stratified
 * float[] x = new float[all.imageSize()];
 * all.copyImage(0, x, 0);                      // first image, scaled to [0, 1]
 * }</pre>
 */
public final class ImageDataset implements Dataset {

	/** The float value of each byte value: {@code v / 255f}. */
	private static final float[] SCALE = new float[256];
	static {
		for (int v = 0; v < 256; v++)
			SCALE[v] = v / 255f;
	}

	/** Exactly one of the three is set. */
	private final byte[] pixels;
	private final short[] shorts;
	private final float[] floats;
	private final int[] labels;
	private final int channels, height, width;
	/** Indices into the full set, or null for all images in order. */
	private final int[] index;
	private final String source;
	private final Info info;

	/** What the whole set shares besides the samples: names, provenance. */
	private record Info(List<String> classNames, String description, List<String> notes,
		Preprocessing preprocessing) {}

	private ImageDataset(final byte[] pixels, final short[] shorts, final float[] floats,
		final int[] labels, final int channels, final int height, final int width, final int[] index,
		final String source, final Info info)
	{
		this.pixels = pixels;
		this.shorts = shorts;
		this.floats = floats;
		this.labels = labels;
		this.channels = channels;
		this.height = height;
		this.width = width;
		this.index = index;
		this.source = source;
		this.info = info;
	}

	/**
	 * A dataset over the given arrays, which are not copied and must not be changed afterwards.
	 * Class names are {@code "0" .. "K-1"} for labels up to K-1 ({@link #withInfo} sets others).
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
		return make(pixels, null, null, pixels.length, labels, channels, height, width, source);
	}

	/**
	 * As {@link #of}, for unsigned 16-bit samples ({@code s & 0xFFFF}), read as {@code v / 65535f}.
	 */
	public static ImageDataset ofShorts(final short[] samples, final int[] labels,
		final int channels, final int height, final int width, final String source)
	{
		return make(null, samples, null, samples.length, labels, channels, height, width, source);
	}

	/** As {@link #of}, for float samples used as they are. */
	public static ImageDataset ofFloats(final float[] samples, final int[] labels,
		final int channels, final int height, final int width, final String source)
	{
		return make(null, null, samples, samples.length, labels, channels, height, width, source);
	}

	private static ImageDataset make(final byte[] b, final short[] s, final float[] f,
		final int length, final int[] labels, final int channels, final int height, final int width,
		final String source)
	{
		if (channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException(source +
			": image size " + channels + " x " + height + " x " + width + " (channels x height x width)" +
			" is not allowed: every size must be >= 1");
		final long per = (long) channels * height * width;
		if (length % per != 0 || length / per != labels.length) throw new IllegalArgumentException(
			source + ": " + labels.length + " labels but " + (length / (double) per) + " images of " +
				channels + " x " + height + " x " + width + " samples (" + length + " samples)");
		int k = 0;
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0) throw new IllegalArgumentException(source + ": label of image " + i +
				" is " + labels[i] + ": expected a class number >= 0");
			k = Math.max(k, labels[i] + 1);
		}
		final Info info = new Info(ModelFile.numberedClasses(k), source + ": " + labels.length +
			" images of " + width + "x" + height + "x" + channels + ", " + k + " classes", List.of(),
			new Preprocessing(channels == 3 ? 3 : 1, height, width, "none", "none"));
		return new ImageDataset(b, s, f, labels, channels, height, width, null, source, channels == 1 ||
			channels == 3 ? info : new Info(info.classNames, info.description, List.of(), null));
	}

	/**
	 * This set with other class names, description, notes and preprocessing record.
	 *
	 * @param classNames one per class; at least as many as the largest label + 1
	 * @throws IllegalArgumentException when there are fewer names than classes
	 */
	public ImageDataset withInfo(final List<String> classNames, final String description,
		final List<String> notes, final Preprocessing preprocessing)
	{
		int k = 0;
		for (final int l : labels)
			k = Math.max(k, l + 1);
		if (classNames.size() < k) throw new IllegalArgumentException(source + ": " + classNames
			.size() + " class names " + classNames + " for labels up to " + (k - 1) + ": expected " + k +
			" names or more");
		return new ImageDataset(pixels, shorts, floats, labels, channels, height, width, index, source,
			new Info(List.copyOf(classNames), Objects.requireNonNull(description), List.copyOf(notes),
				preprocessing));
	}

	@Override
	public int size() {
		return index == null ? labels.length : index.length;
	}

	@Override
	public int channels() {
		return channels;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public String source() {
		return source;
	}

	@Override
	public String description() {
		return info.description;
	}

	@Override
	public List<String> notes() {
		return info.notes;
	}

	@Override
	public Preprocessing preprocessing() {
		return info.preprocessing;
	}

	@Override
	public List<String> classNames() {
		return info.classNames;
	}

	/** Bits per stored sample: 8, 16 or 32 (floats). */
	public int bitDepth() {
		return pixels != null ? 8 : shorts != null ? 16 : 32;
	}

	@Override
	public int label(final int i) {
		return labels[at(i)];
	}

	/**
	 * The stored sample of image {@code i} at channel {@code c}, row {@code y}, column {@code x}:
	 * the uint8 or uint16 value, or the float rounded down (see {@link #value} for floats).
	 */
	public int pixel(final int i, final int c, final int y, final int x) {
		final int k = (at(i) * channels + c) * height * width + y * width + x;
		return pixels != null ? pixels[k] & 0xFF : shorts != null ? shorts[k] & 0xFFFF
			: (int) Math.floor(floats[k]);
	}

	/** The value of image {@code i} at channel {@code c}, row {@code y}, column {@code x}, scaled. */
	public float value(final int i, final int c, final int y, final int x) {
		final int k = (at(i) * channels + c) * height * width + y * width + x;
		return pixels != null ? SCALE[pixels[k] & 0xFF] : shorts != null ? (shorts[k] & 0xFFFF) /
			65535f : floats[k];
	}

	@Override
	public void copyImage(final int i, final float[] dst, final int offset) {
		final int n = imageSize();
		final int src = at(i) * n;
		if (pixels != null) {
			final byte[] p = pixels;
			for (int k = 0; k < n; k++)
				dst[offset + k] = SCALE[p[src + k] & 0xFF];
		}
		else if (shorts != null) {
			final short[] p = shorts;
			for (int k = 0; k < n; k++)
				dst[offset + k] = (p[src + k] & 0xFFFF) / 65535f;
		}
		else System.arraycopy(floats, src, dst, offset, n);
	}

	@Override
	public ImageDataset subset(final int[] indices) {
		final int[] abs = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			final int i = indices[k];
			if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("index " + i +
				" is outside 0.." + (size() - 1));
			abs[k] = at(i);
		}
		return new ImageDataset(pixels, shorts, floats, labels, channels, height, width, abs, source,
			info);
	}

	private int at(final int i) {
		return index == null ? i : index[i];
	}

	@Override
	public String toString() {
		return "ImageDataset[" + size() + " x " + channels + " x " + height + " x " + width + ", " +
			source + "]";
	}

	/** For tests: whether two views share the same sample storage. */
	boolean sharesPixelsWith(final ImageDataset other) {
		return pixels == other.pixels && shorts == other.shorts && floats == other.floats;
	}
}
