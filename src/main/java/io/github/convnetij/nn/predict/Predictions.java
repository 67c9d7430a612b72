package io.github.convnetij.nn.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import net.imglib2.parallel.Parallelization;

/**
 * Predictions on image files: the inputs (files and folders) expanded and sorted, a shard taken,
 * the files decoded batch by batch and classified, one {@link Row} per image and rank, and the
 * CSV form of the rows ({@code image,rank,class,probability}).
 * <pre>{@code
 * Classifier c = Classifier.load(model);
 * List<Path> files = Shard.parse("0/4").select(Predictions.files(List.of(Path.of("images")), isImage));
 * try (Writer w = ...) {
 * 	w.write(Predictions.CSV_HEADER + "\n");
 * 	Predictions.run(c, files, loader, 3, row -> w.write(Predictions.csv(row) + "\n"));
 * }
 * }</pre>
 */
public final class Predictions {

	/** The CSV header line (without a line break). */
	public static final String CSV_HEADER = "image,rank,class,probability";

	private Predictions() {}

	/**
	 * One row of a prediction table.
	 *
	 * @param image the image's name (a path as given, {@code file:slice-label}...)
	 * @param rank 1 for the most probable class
	 * @param className the class name
	 * @param probability its probability
	 */
	public record Row(String image, int rank, String className, float probability) {}

	/** Decodes one file into an image to classify. */
	@FunctionalInterface
	public interface Loader {

		/**
		 * @param file the file
		 * @param name how to name the image ({@code file} as given)
		 * @throws IOException when it cannot be read; the message says why
		 */
		Classifier.Image load(Path file, String name) throws IOException;
	}

	/**
	 * The files of {@code inputs}: a file as given, a folder's files that {@code isImage} accepts
	 * (not its subfolders; hidden files skipped), all sorted together by their full (absolute,
	 * normalized) path; each keeps the form it was given in ({@code folder.resolve(name)}). A file
	 * named twice is kept once.
	 *
	 * @throws IllegalArgumentException when an input does not exist or a folder holds no image,
	 *           naming it
	 */
	public static List<Path> files(final List<Path> inputs, final Predicate<Path> isImage)
		throws IOException
	{
		final List<Path> out = new ArrayList<>();
		for (final Path in : inputs) {
			if (Files.isDirectory(in)) {
				final List<Path> found;
				try (Stream<Path> s = Files.list(in)) {
					found = s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(
						p) && isImage.test(p)).collect(Collectors.toList());
				}
				if (found.isEmpty()) throw new IllegalArgumentException("'" + in +
					"' holds no image files (" + "TIFF, PNG, JPEG, GIF, BMP, PGM...)");
				out.addAll(found);
			}
			else if (Files.isRegularFile(in)) out.add(in);
			else throw new IllegalArgumentException("'" + in + "' does not exist");
		}
		final List<Path> sorted = out.stream().sorted(Comparator.comparing(Predictions::fullPath))
			.collect(Collectors.toList());
		final List<Path> unique = new ArrayList<>(sorted.size());
		for (final Path p : sorted)
			if (unique.isEmpty() || !fullPath(unique.get(unique.size() - 1)).equals(fullPath(p))) unique
				.add(p);
		return unique;
	}

	private static String fullPath(final Path p) {
		return p.toAbsolutePath().normalize().toString();
	}

	/**
	 * Classifies {@code files} in batches of {@link Classifier#BATCH}, decoding each batch on the
	 * threads of the caller's {@code Parallelization} context, and hands the rows to {@code out}
	 * in file order ({@code k} rows per image, {@code k} clamped to the class count).
	 *
	 * @throws IllegalArgumentException when a file cannot be read or the model cannot take it,
	 *           naming the file
	 */
	public static void run(final Classifier classifier, final List<Path> files, final Loader loader,
		final int k, final Consumer<Row> out)
	{
		run(classifier, files, loader, k, out, null);
	}

	/**
	 * {@link #run(Classifier, List, Loader, int, Consumer)}, handing each image's raw network
	 * outputs to {@code raw} (if not null), in file order, before its rows.
	 */
	public static void run(final Classifier classifier, final List<Path> files, final Loader loader,
		final int k, final Consumer<Row> out,
		final java.util.function.BiConsumer<Classifier.Image, float[]> raw)
	{
		final int kk = classifier.topK(k, null);
		for (int from = 0; from < files.size(); from += Classifier.BATCH) {
			final List<Path> batch = files.subList(from, Math.min(files.size(), from + Classifier.BATCH));
			final Classifier.Image[] images = new Classifier.Image[batch.size()];
			final List<Integer> idx = new ArrayList<>();
			for (int i = 0; i < images.length; i++)
				idx.add(i);
			Parallelization.getTaskExecutor().forEach(idx, i -> {
				final Path f = batch.get(i);
				try {
					images[i] = loader.load(f, f.toString());
				}
				catch (final NoSuchFileException e) {
					throw new IllegalArgumentException("'" + f + "' does not exist", e);
				}
				catch (final IOException e) {
					throw new IllegalArgumentException("cannot read '" + f + "': " + e.getMessage(), e);
				}
				catch (final UncheckedIOException e) {
					throw new IllegalArgumentException("cannot read '" + f + "': " + e.getCause()
						.getMessage(), e);
				}
			});
			rows(List.of(images), classifier.classify(List.of(images), kk, raw), out);
		}
	}

	/** The rows of classified images, in order. */
	public static void rows(final List<Classifier.Image> images,
		final List<List<Classifier.Ranked>> ranked, final Consumer<Row> out)
	{
		for (int i = 0; i < images.size(); i++)
			for (final Classifier.Ranked r : ranked.get(i))
				out.accept(new Row(images.get(i).name(), r.rank(), r.name(), r.probability()));
	}

	/**
	 * One CSV line (without a line break): the image name and class name quoted when they hold a
	 * comma, quote or line break (quotes doubled, RFC 4180), the probability with up to 9
	 * significant digits (a float read back exactly).
	 */
	public static String csv(final Row row) {
		return field(row.image()) + "," + row.rank() + "," + field(row.className()) + "," +
			probability(row.probability());
	}

	/** A probability as written in tables: the shortest decimal that reads back as the same float. */
	public static String probability(final float p) {
		return Float.toString(p).replace('E', 'e');
	}

	/**
	 * The header line of a raw-output table (without a line break): {@code image}, then the class
	 * names (quoted as {@link #csv} quotes them).
	 */
	public static String rawHeader(final List<String> classes) {
		final StringBuilder sb = new StringBuilder("image");
		for (final String c : classes)
			sb.append(',').append(field(c));
		return sb.toString();
	}

	/**
	 * One line of a raw-output table (without a line break): the image name, then each output as
	 * the shortest decimal that reads back as the same float.
	 */
	public static String rawCsv(final String image, final float[] values) {
		final StringBuilder sb = new StringBuilder(field(image));
		for (final float v : values)
			sb.append(',').append(probability(v));
		return sb.toString();
	}

	static String field(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
			return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
