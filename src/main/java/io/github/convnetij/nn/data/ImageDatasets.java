package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes {@link ImageDataset}s from MNIST-style IDX files: a pair of an images file
 * ({@code [N, H, W]} unsigned bytes) and a labels file ({@code [N]}), named
 * {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]}
 * ({@code .idx3-ubyte} with a dot is accepted too, as some copies of MNIST name them).
 * <p>
 * A folder holding {@code train-*} and {@code t10k-*} pairs (as the MNIST and Fashion-MNIST
 * downloads do) gives the {@code train} pair for training and the {@code t10k} pair (or a
 * {@code test} pair) for testing; a folder holding a single pair of another prefix gives that pair.
 * A path to one file of a pair finds the other file beside it.
 * <pre>{@code
 * Path dir = Path.of("/usr/share/datasets/fashion-mnist");
 * ImageDataset train = ImageDatasets.forTraining(dir); // train-images-idx3-ubyte.gz + labels
 * ImageDataset test = ImageDatasets.forTesting(dir);   // t10k-images-idx3-ubyte.gz + labels
 * }</pre>
 */
public final class ImageDatasets {

	/** {@code prefix}, kind, IDX rank digit, optional .gz. */
	private static final Pattern NAME = Pattern.compile(
		"(.+?)-(images|labels)[-.]idx([13])-ubyte(\\.gz)?");

	private ImageDatasets() {}

	/**
	 * Reads an images file and a labels file.
	 *
	 * @throws IllegalArgumentException for files that are not IDX files of unsigned bytes, images
	 *           that are not {@code [N, H, W]}, labels that are not {@code [N]}, different counts,
	 *           or no images at all; messages name the file
	 * @throws IOException when a file cannot be read
	 */
	public static ImageDataset fromIdx(final Path images, final Path labels) throws IOException {
		final IdxArray im = Idx.read(images);
		if (im.rank() != 3) throw new IllegalArgumentException("'" + images + "': IDX images must " +
			"have 3 dimensions [N, height, width], found " + im.rank() + " (" + Idx.shape(im.dims(), im
				.rank()) + ")" + (im.rank() == 1 ? ": is it a labels file?" : ""));
		final IdxArray lb = Idx.read(labels);
		if (lb.rank() != 1) throw new IllegalArgumentException("'" + labels + "': IDX labels must " +
			"have 1 dimension [N], found " + lb.rank() + " (" + Idx.shape(lb.dims(), lb.rank()) + ")" +
			(lb.rank() == 3 ? ": is it an images file?" : ""));
		final int n = im.dim(0);
		if (lb.dim(0) != n) throw new IllegalArgumentException("'" + labels + "' holds " + lb.dim(0) +
			" labels but '" + images + "' holds " + n + " images: expected one label per image");
		if (n == 0 || im.dim(1) == 0 || im.dim(2) == 0) throw new IllegalArgumentException("'" +
			images + "' holds no image data (" + Idx.shape(im.dims(), 3) + "): expected at least one " +
			"image of at least 1 x 1 pixels");
		final byte[] l = lb.data();
		final int[] labelInts = new int[n];
		for (int i = 0; i < n; i++)
			labelInts[i] = l[i] & 0xFF;
		return ImageDataset.of(im.data(), labelInts, 1, im.dim(1), im.dim(2), images.getFileName() +
			" + " + labels.getFileName());
	}

	/**
	 * The training data at {@code path}: the {@code train-*} pair of a folder (or its only pair),
	 * or the pair of which {@code path} is one file.
	 *
	 * @throws IllegalArgumentException when no suitable pair is found (saying what was found) or
	 *           the files are not valid (see {@link #fromIdx})
	 */
	public static ImageDataset forTraining(final Path path) throws IOException {
		final Path[] pair = resolve(path, "train");
		return fromIdx(pair[0], pair[1]);
	}

	/**
	 * The test data at {@code path}: the {@code t10k-*} (or {@code test-*}) pair of a folder (or
	 * its only pair), or the pair of which {@code path} is one file.
	 *
	 * @see #forTraining
	 */
	public static ImageDataset forTesting(final Path path) throws IOException {
		final Path[] pair = resolve(path, "t10k", "test");
		return fromIdx(pair[0], pair[1]);
	}

	/** Whether {@code folder} is a folder holding a complete {@code t10k-*} or {@code test-*} pair. */
	public static boolean hasTestPair(final Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return false;
		final Map<String, Path[]> pairs = scan(folder);
		for (final String p : new String[] { "t10k", "test" }) {
			final Path[] pair = pairs.get(p);
			if (pair != null && pair[0] != null && pair[1] != null) return true;
		}
		return false;
	}

	/**
	 * The images and labels files at {@code path}: in a folder, the pair of the first of
	 * {@code prefixes} present, else the folder's only pair; for a file, the file and its partner.
	 *
	 * @return {images, labels}
	 * @throws IllegalArgumentException when no such pair exists, saying what was found
	 */
	public static Path[] resolve(final Path path, final String... prefixes) throws IOException {
		if (Files.isDirectory(path)) return resolveFolder(path, prefixes);
		if (!Files.exists(path)) throw new IllegalArgumentException("'" + path +
			"' does not exist: expected a folder of MNIST-style IDX files or an IDX images file");
		final String name = path.getFileName().toString();
		final Matcher m = NAME.matcher(name);
		if (!m.matches()) throw new IllegalArgumentException("'" + path + "' is not named like an " +
			"MNIST-style IDX file (<prefix>-images-idx3-ubyte[.gz] or <prefix>-labels-idx1-ubyte[.gz]" +
			"): give the folder holding the pair instead");
		final boolean isImages = m.group(2).equals("images");
		final Path dir = path.toAbsolutePath().getParent();
		final Path[] found = scan(dir).get(m.group(1));
		final Path other = found == null ? null : found[isImages ? 1 : 0];
		if (other == null) throw new IllegalArgumentException("'" + path + "' has no " + (isImages
			? "labels" : "images") + " file beside it: expected " + m.group(1) + (isImages
				? "-labels-idx1-ubyte[.gz]" : "-images-idx3-ubyte[.gz]") + " in '" + dir + "'");
		return isImages ? new Path[] { path, other } : new Path[] { other, path };
	}

	private static Path[] resolveFolder(final Path dir, final String... prefixes) throws IOException {
		final Map<String, Path[]> pairs = scan(dir);
		for (final String p : prefixes) {
			final Path[] pair = pairs.get(p);
			if (pair != null) return complete(dir, p, pair);
		}
		if (pairs.size() == 1) {
			final Map.Entry<String, Path[]> e = pairs.entrySet().iterator().next();
			return complete(dir, e.getKey(), e.getValue());
		}
		final String wanted = String.join("-* or ", prefixes) + "-*";
		if (pairs.isEmpty()) throw new IllegalArgumentException("'" + dir + "' holds no MNIST-style " +
			"IDX files: expected " + prefixes[0] + "-images-idx3-ubyte[.gz] and " + prefixes[0] +
			"-labels-idx1-ubyte[.gz]");
		throw new IllegalArgumentException("'" + dir + "' has no " + wanted + " pair of IDX files; " +
			"it has pairs with the prefixes " + pairs.keySet() + ": give one file of the pair to use");
	}

	private static Path[] complete(final Path dir, final String prefix, final Path[] pair) {
		if (pair[0] == null || pair[1] == null) {
			final Path have = pair[0] == null ? pair[1] : pair[0];
			throw new IllegalArgumentException("'" + dir + "' has " + have.getFileName() + " but no " +
				prefix + (pair[0] == null ? "-images-idx3-ubyte[.gz]" : "-labels-idx1-ubyte[.gz]") +
				" to go with it");
		}
		return pair.clone();
	}

	/** Prefix to {images, labels} (either may be null); uncompressed files win over .gz. */
	private static Map<String, Path[]> scan(final Path dir) throws IOException {
		final Map<String, Path[]> pairs = new TreeMap<>();
		final List<Path> files = new ArrayList<>();
		try (Stream<Path> s = Files.list(dir)) {
			s.filter(Files::isRegularFile).sorted().forEach(files::add);
		}
		for (final Path f : files) {
			final Matcher m = NAME.matcher(f.getFileName().toString());
			if (!m.matches()) continue;
			final boolean images = m.group(2).equals("images");
			if (images != m.group(3).equals("3")) continue; // images-idx1 or labels-idx3: not ours
			final Path[] pair = pairs.computeIfAbsent(m.group(1), k -> new Path[2]);
			final int slot = images ? 0 : 1;
			if (pair[slot] == null || m.group(4) == null) pair[slot] = f;
		}
		return pairs;
	}
}
