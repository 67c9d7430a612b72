package io.github.convnetij.ops.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import io.github.convnetij.compute.Tasks;
import io.github.convnetij.compute.Tensor;
import io.github.convnetij.compute.Warps;
import net.imglib2.parallel.Parallelization;

/**
 * Applies an {@link Augmentation} to float tensors {@code [N, C, H, W]}: one sampled
 * {@link Transform} per sample, the same for all its channels, in one resampling pass through the
 * compute core's {@link Warps}, then the intensity change. This is the on-the-fly augmenter of the
 * training loop:
 * <pre>{@code
 * Augmenter augmenter = Augmenter.of(Augmentation.none().rotationRange(10).zoomRange(0.1)
 *     .horizontalFlip(true));
 * for (long b = 0; b < batches; b++) {
 *   Tensor x = augmenter.augmentBatch(loadBatch(b), seed + epoch, b);   // [64, 1, 28, 28]
 *   ...
 * }
 * }</pre>
 * Sample {@code n} of batch {@code b} gets the transform drawn from the key
 * {@code Seeds.derive(Seeds.derive(seed, b), n)}, so a batch's augmentation depends on the seed,
 * the batch index and the sample's position only, and results are bitwise identical for any number
 * of threads (threads come from the ImgLib2 {@link Parallelization} context). An augmenter holds no
 * mutable state and may be shared between threads.
 */
public final class Augmenter {

	/** Rough pixels per task of the intensity pass. */
	private static final long TASK_PIXELS = 1 << 15;

	private final Augmentation augmentation;

	private Augmenter(final Augmentation augmentation) {
		this.augmentation = augmentation;
	}

	/** An augmenter drawing its transforms from {@code augmentation}. */
	public static Augmenter of(final Augmentation augmentation) {
		if (augmentation == null) throw new IllegalArgumentException("augmentation is null");
		return new Augmenter(augmentation);
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	/**
	 * The transforms {@link #augmentBatch} uses for batch {@code batchIndex} of {@code n} images of
	 * {@code width} x {@code height} pixels.
	 */
	public Transform[] transforms(final long seed, final long batchIndex, final int n,
		final int width, final int height)
	{
		final long batchKey = Seeds.derive(seed, batchIndex);
		final Transform[] t = new Transform[n];
		for (int i = 0; i < n; i++)
			t[i] = augmentation.sample(Seeds.derive(batchKey, i), width, height);
		return t;
	}

	/**
	 * A new augmented copy of {@code batch} ({@code [N, C, H, W]}, not modified).
	 *
	 * @throws IllegalArgumentException if the batch is not of rank 4 or has an empty spatial axis
	 */
	public Tensor augmentBatch(final Tensor batch, final long seed, final long batchIndex) {
		final Tensor out = Tensor.zeros(shape4(batch));
		augmentBatch(batch, seed, batchIndex, out);
		return out;
	}

	/**
	 * Augments {@code batch} into {@code out} (same shape, a different array), reusing its storage.
	 *
	 * @throws IllegalArgumentException on a shape mismatch or if {@code out} is {@code batch}
	 */
	public void augmentBatch(final Tensor batch, final long seed, final long batchIndex,
		final Tensor out)
	{
		final int[] s = shape4(batch);
		apply(batch, null, transforms(seed, batchIndex, s[0], s[3], s[2]), null, out);
	}

	/** A new copy of {@code batch} with {@code transforms[n]} applied to sample {@code n}. */
	public Tensor apply(final Tensor batch, final Transform[] transforms) {
		final Tensor out = Tensor.zeros(shape4(batch));
		apply(batch, null, transforms, null, out);
		return out;
	}

	/**
	 * The general form: output sample {@code m} of {@code out} ({@code [M, C, H, W]}) is input
	 * sample {@code sources[m]} ({@code m} when null) with {@code transforms[m]} applied; a null
	 * transform copies the sample unchanged. The noise of sample {@code m} is drawn from its
	 * transform's {@link Transform#noiseKey} and {@code groups[m]} (0 when null): samples sharing one
	 * transform need distinct group numbers to get distinct noise.
	 *
	 * @throws IllegalArgumentException on mismatched shapes or array lengths, or if {@code out}
	 *           shares its storage with {@code input}
	 */
	public void apply(final Tensor input, final int[] sources, final Transform[] transforms,
		final long[] groups, final Tensor out)
	{
		final int[] is = shape4(input);
		if (out == null) throw new IllegalArgumentException("output tensor is null");
		if (out.data() == input.data()) throw new IllegalArgumentException(
			"the output must not share its storage with the input");
		final int[] os = out.shape();
		if (os.length != 4 || os[1] != is[1] || os[2] != is[2] || os[3] != is[3])
			throw new IllegalArgumentException("output " + Arrays.toString(os) +
				" must be [M, C, H, W] with C, H, W of the input " + Arrays.toString(is));
		final int m = os[0];
		if (transforms == null || transforms.length != m) throw new IllegalArgumentException(
			"expected " + m + " transforms (one per output sample), got " + (transforms == null ? "none"
				: transforms.length));
		if (groups != null && groups.length != m) throw new IllegalArgumentException("expected " + m +
			" group numbers, got " + groups.length);
		final int w = is[3], h = is[2];
		final double[][] maps = new double[m][];
		for (int i = 0; i < m; i++)
			if (transforms[i] != null && !transforms[i].isGeometricIdentity()) maps[i] = transforms[i]
				.inverseMap(w, h);
		Warps.affine(input, sources, maps, augmentation.interpolation(), augmentation.fillMode(),
			(float) augmentation.cval(), out);
		intensity(out, transforms, groups);
	}

	/**
	 * Multiplies by the brightness factor and adds noise, in tasks of whole rows; each row's noise
	 * comes from its own generator keyed by (noise key, group, channel, row), so the result does not
	 * depend on how rows are grouped into tasks.
	 */
	private static void intensity(final Tensor out, final Transform[] transforms,
		final long[] groups)
	{
		final int channels = out.size(1), h = out.size(2), w = out.size(3);
		final int rowsPerTask = (int) Math.max(1, Math.min(h, TASK_PIXELS / Math.max(1, w)));
		final List<int[]> tasks = new ArrayList<>();
		for (int m = 0; m < transforms.length; m++) {
			final Transform t = transforms[m];
			if (t == null || t.isIntensityIdentity()) continue;
			for (int c = 0; c < channels; c++)
				for (int y = 0; y < h; y += rowsPerTask)
					tasks.add(new int[] { m, c, y, Math.min(h, y + rowsPerTask) });
		}
		if (tasks.isEmpty()) return;
		final float[] data = out.data();
		final Consumer<int[]> work = task -> {
			final int m = task[0], c = task[1];
			final Transform t = transforms[m];
			final float gain = (float) t.brightness();
			final long planeKey = Seeds.derive(Seeds.derive(t.noiseKey(), groups == null ? 0
				: groups[m]), c);
			for (int y = task[2]; y < task[3]; y++) {
				final int row = ((m * channels + c) * h + y) * w;
				if (gain != 1) for (int x = row; x < row + w; x++)
					data[x] *= gain;
				if (t.noise() > 0) new SplitMix64(Seeds.derive(planeKey, y)).gaussians(data, row, row + w, t
					.noise());
			}
		};
		Tasks.run(tasks.size(), () -> t -> work.accept(tasks.get(t)));
	}

	private static int[] shape4(final Tensor t) {
		if (t == null) throw new IllegalArgumentException("input tensor is null");
		final int[] s = t.shape();
		if (s.length != 4) throw new IllegalArgumentException("augmentation needs a [N, C, H, W] " +
			"tensor, got " + Arrays.toString(s));
		if (s[2] < 1 || s[3] < 1) throw new IllegalArgumentException("tensor " + Arrays.toString(s) +
			" has an empty spatial axis");
		return s;
	}
}
