package io.github.convnetij.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.convnetij.nn.onnx.ModelFile;
import net.imglib2.parallel.Parallelization;
import net.imglib2.parallel.TaskExecutor;

/**
 * Opens labelled image datasets of every kind Train CNN and {@code train} take, chosen by
 * {@link DatasetOptions#dataFormat()}:
 * <ul>
 * <li>{@code folder}: one subfolder of images per class (class names = subfolder names, sorted);
 * files that are not images ({@code .txt}, {@code .DS_Store}, {@code Thumbs.db}, hidden files)
 * are ignored; unreadable images are named in one warning and skipped ({@code strict=false}) or
 * stop the run ({@code strict=true}); a folder with {@code train/} and {@code test/} subfolders of
 * class folders gives the part asked for; at least 2 classes, unless {@code class_names} lists
 * them (a test set read {@linkplain #like like} its training set may have fewer);</li>
 * <li>{@code idx}: MNIST-style IDX files ({@link ImageDatasets}), class names from
 * {@code class_names} (IDX files carry none);</li>
 * <li>{@code cifar10}, {@code cifar100}: the binary versions ({@code data_batch_1..5.bin} /
 * {@code test_batch.bin} with {@code batches.meta.txt}; {@code train.bin} / {@code test.bin} with
 * {@code fine_label_names.txt} and {@code coarse_label_names.txt}; {@code label_mode=fine|coarse});</li>
 * <li>{@code csv}: a manifest of {@code path,class} rows (paths relative to the CSV's folder; a
 * header row {@code path,class} is optional);</li>
 * <li>{@code stack}: the open ImageJ stack, which the front end hands over as planes with
 * {@link #fromPlanes};</li>
 * <li>{@code auto}: detected from the path's contents, and said in {@link Dataset#description()}:
 * a {@code .csv} file or a folder holding exactly one is a manifest; IDX files, CIFAR files; else
 * subfolders are class folders.</li>
 * </ul>
 * Images become tensors as {@link Preprocessing} says (8-bit {@code / 255}, 16-bit
 * {@code / 65535}, 32-bit as stored; gray/RGB converted only with {@code convert=auto}; resized
 * with {@code resize=bilinear} to {@code image_size}, the first image's size by default). Decoded
 * images are kept in memory when they take at most half of the free heap; larger sets are
 * {@linkplain Dataset#streamed() streamed} from disk, the next batches decoded ahead on a
 * background thread.
 * <pre>{@code
 * Dataset train = Datasets.open(Path.of("cells"), DatasetOptions.defaults().convert("auto"));
 * System.out.println(train.description()); // folder of class subfolders (auto: ...): 3 classes, ...
 * train.notes().forEach(System.err::println);
 * Dataset test = Datasets.open(Path.of("cells-test"), Datasets.like(train, DatasetOptions.defaults()
 *     .part(DatasetOptions.Part.TEST)));
 * }</pre>
 * Bad input is an {@link IllegalArgumentException} of one line naming the value and what is
 * accepted. This class never imports SciJava or ImageJ.
 */
public final class Datasets {

	private static final int CIFAR_PIXELS = 3 * 32 * 32;
	private static final Pattern CIFAR10_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");

	private Datasets() {}

	/**
	 * The options of {@code options} with the channels, image size and class names of
	 * {@code reference} (a training set), so that a test set is read to match it: same tensors,
	 * and a class folder of the test set gets the training set's label for that name (a test set
	 * may lack classes; a class the training set does not have is refused).
	 */
	public static DatasetOptions like(final Dataset reference, final DatasetOptions options) {
		return options.channels(reference.channels() == 1 || reference.channels() == 3 ? reference
			.channels() : 0).imageSize(reference.width(), reference.height()).classNames(reference
				.classNames());
	}

	/**
	 * Opens the dataset at {@code path}.
	 *
	 * @throws IllegalArgumentException for a path or contents that do not make a dataset of the
	 *           format asked for (or of any format, for {@code auto}), saying what was found
	 * @throws IOException when a file cannot be read
	 */
	public static Dataset open(final Path path, final DatasetOptions options) throws IOException {
		if (!Files.exists(path)) throw new IllegalArgumentException("'" + path + "' does not exist: " +
			"expected a folder of class subfolders, IDX or CIFAR files, or a CSV manifest");
		DatasetOptions.Format f = options.dataFormat();
		String how = "";
		if (f == DatasetOptions.Format.AUTO) {
			final String[] found = new String[1];
			f = detect(path, found);
			how = " (data_format=auto: " + found[0] + ")";
		}
		return switch (f) {
			case FOLDER -> folder(path, options, how);
			case IDX -> idx(path, options, how);
			case CIFAR10 -> cifar(path, options, false, how);
			case CIFAR100 -> cifar(path, options, true, how);
			case CSV -> csv(path, options, how);
			case STACK -> throw new IllegalArgumentException("data_format=stack reads the open image " +
				"stack, not '" + path + "': open the stack in ImageJ, or choose another data_format");
			case AUTO -> throw new AssertionError();
		};
	}

	/**
	 * The format of the data at {@code path}, as {@code auto} finds it.
	 *
	 * @throws IllegalArgumentException when it is none of them, saying what was found
	 */
	public static DatasetOptions.Format detect(final Path path) throws IOException {
		return detect(path, new String[1]);
	}

	private static DatasetOptions.Format detect(final Path path, final String[] why)
		throws IOException
	{
		final String name = path.getFileName() == null ? "" : path.getFileName().toString()
			.toLowerCase(Locale.ROOT);
		if (Files.isRegularFile(path)) {
			if (name.endsWith(".csv")) {
				why[0] = "a .csv file";
				return DatasetOptions.Format.CSV;
			}
			if (name.endsWith(".bin")) {
				final long len = Files.size(path);
				final boolean c100 = name.equals("train.bin") || name.equals("test.bin") || len %
					(CIFAR_PIXELS + 2) == 0 && len % (CIFAR_PIXELS + 1) != 0;
				why[0] = "a .bin file of " + (c100 ? "CIFAR-100" : "CIFAR-10") + " records";
				return c100 ? DatasetOptions.Format.CIFAR100 : DatasetOptions.Format.CIFAR10;
			}
			if (name.contains("idx")) {
				why[0] = "an IDX file";
				return DatasetOptions.Format.IDX;
			}
			throw new IllegalArgumentException("'" + path + "' is a file the data_format auto does not " +
				"know: expected a folder, a .csv manifest, a CIFAR .bin file or an IDX file");
		}
		final List<Path> files = new ArrayList<>(), dirs = new ArrayList<>();
		list(path, files, dirs);
		final List<String> names = new ArrayList<>();
		for (final Path f : files)
			names.add(f.getFileName().toString().toLowerCase(Locale.ROOT));
		for (final String n : names)
			if (n.contains("-idx3-ubyte") || n.contains(".idx3-ubyte")) {
				why[0] = "IDX files such as " + n;
				return DatasetOptions.Format.IDX;
			}
		for (final String n : names)
			if (CIFAR10_BATCH.matcher(n).matches() || n.equals("test_batch.bin")) {
				why[0] = "CIFAR-10 files such as " + n;
				return DatasetOptions.Format.CIFAR10;
			}
		if (names.contains("train.bin") || names.contains("test.bin")) {
			why[0] = "CIFAR-100 files train.bin/test.bin";
			return DatasetOptions.Format.CIFAR100;
		}
		final List<Path> csvs = new ArrayList<>();
		for (final Path f : files)
			if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) csvs.add(f);
		if (csvs.size() == 1) {
			why[0] = "the manifest " + csvs.get(0).getFileName();
			return DatasetOptions.Format.CSV;
		}
		if (!dirs.isEmpty()) {
			why[0] = "subfolders " + shortList(dirs);
			return DatasetOptions.Format.FOLDER;
		}
		throw new IllegalArgumentException("'" + path + "' holds no dataset data_format=auto " +
			"recognises (" + (files.isEmpty() ? "it is empty" : files.size() + " files, such as " +
				shortList(files)) + "): expected one subfolder of images per class, IDX files, CIFAR " +
			".bin files or one .csv manifest");
	}

	private static String shortList(final List<Path> paths) {
		final List<String> n = new ArrayList<>();
		for (int i = 0; i < Math.min(3, paths.size()); i++)
			n.add(paths.get(i).getFileName().toString());
		return String.join(", ", n) + (paths.size() > 3 ? ", ..." : "");
	}

	/** Regular files and subfolders of {@code dir}, sorted, hidden ones left out. */
	private static void list(final Path dir, final List<Path> files, final List<Path> dirs)
		throws IOException
	{
		try (Stream<Path> s = Files.list(dir)) {
			s.sorted().forEach(p -> {
				final String n = p.getFileName().toString();
				if (n.startsWith(".") || n.equals("__MACOSX") || n.startsWith("@eaDir")) return;
				if (Files.isDirectory(p)) dirs.add(p);
				else if (Files.isRegularFile(p)) files.add(p);
			});
		}
	}

	// ---------------------------------------------------------------- folder of class folders

	private static Dataset folder(final Path root, final DatasetOptions o, final String how)
		throws IOException
	{
		if (!Files.isDirectory(root)) throw new IllegalArgumentException("data_format=folder: '" +
			root + "' is not a folder: expected a folder with one subfolder of images per class");
		final List<Path> rootFiles = new ArrayList<>(), dirs = new ArrayList<>();
		list(root, rootFiles, dirs);
		Path dir = root;
		final Path train = child(dirs, "train"), test = child(dirs, "test");
		if (train != null && test != null) {
			dir = o.part() == DatasetOptions.Part.TEST ? test : train;
			rootFiles.clear();
			dirs.clear();
			list(dir, rootFiles, dirs);
		}
		if (dirs.isEmpty()) throw new IllegalArgumentException("'" + dir + "' has no class " +
			"subfolders" + (rootFiles.isEmpty() ? "" : " (only files, such as " + shortList(rootFiles) +
				")") + ": expected one subfolder of images per class, at least 2");
		if (dirs.size() == 1 && o.classNames() == null) throw new IllegalArgumentException("'" + dir + "' has one class " +
			"subfolder ('" + dirs.get(0).getFileName() + "'): expected one subfolder of images per " +
			"class, at least 2");
		final List<String> classes = new ArrayList<>();
		final List<Path> files = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final Map<String, Integer> ignored = new TreeMap<>();
		int nested = 0;
		for (final Path d : dirs) {
			final List<Path> fs = new ArrayList<>(), sub = new ArrayList<>();
			list(d, fs, sub);
			nested += sub.size();
			int count = 0;
			for (final Path f : fs)
				if (o.decoder().accepts(f)) {
					files.add(f);
					labels.add(classes.size());
					count++;
				}
				else ignored.merge(ext(f), 1, Integer::sum);
			if (count == 0) throw new IllegalArgumentException("class folder '" + d + "' holds no " +
				"images (" + (fs.isEmpty() ? "it is empty" : "only " + shortList(fs)) + "): expected " +
				"image files (" + String.join(", ", new TreeSet<>(o.decoder().extensions())) +
				"); remove the folder or add images");
			classes.add(d.getFileName().toString());
		}
		final List<String> notes = new ArrayList<>();
		if (!ignored.isEmpty()) notes.add("ignored " + ignored.values().stream().mapToInt(
			Integer::intValue).sum() + " files that are not images (" + ignored + ")");
		if (nested > 0) notes.add("ignored " + nested + " folder(s) inside class folders");
		final int[] l = unbox(labels);
		return fromFiles(files, l, byName(classes, l, o, "class folder"), "'" + dir + "'", "folder of " +
			classes.size() + " class subfolders" + how, o, notes, true);
	}

	private static Path child(final List<Path> dirs, final String name) {
		for (final Path d : dirs)
			if (d.getFileName().toString().equalsIgnoreCase(name)) return d;
		return null;
	}

	private static String ext(final Path f) {
		final String n = f.getFileName().toString();
		final int dot = n.lastIndexOf('.');
		return dot < 0 ? n : n.substring(dot).toLowerCase(Locale.ROOT);
	}

	private static int[] unbox(final List<Integer> l) {
		final int[] a = new int[l.size()];
		for (int i = 0; i < a.length; i++)
			a[i] = l.get(i);
		return a;
	}

	/**
	 * For data whose classes have names (folders, CSV, stack): with {@code class_names} given (a
	 * training set's, say), every class found must be one of them, and {@code labels} are changed
	 * in place into positions in that list, so a test set missing a class keeps the training set's
	 * labels; without, the classes found.
	 */
	private static List<String> byName(final List<String> found, final int[] labels,
		final DatasetOptions o, final String what)
	{
		final List<String> given = o.classNames();
		if (given == null) return found;
		final int[] map = new int[found.size()];
		for (int c = 0; c < map.length; c++) {
			map[c] = given.indexOf(found.get(c));
			if (map[c] < 0) throw new IllegalArgumentException(what + " '" + found.get(c) + "' is not " +
				"one of the class_names " + given + ": expected the data's classes to be among them " +
				"(for a test set: the training set's classes)");
		}
		for (int i = 0; i < labels.length; i++)
			labels[i] = map[labels[i]];
		return given;
	}

	// ---------------------------------------------------------------- CSV manifest

	private static Dataset csv(final Path path, final DatasetOptions o, final String how)
		throws IOException
	{
		Path file = path;
		if (Files.isDirectory(path)) {
			final List<Path> fs = new ArrayList<>(), ds = new ArrayList<>(), csvs = new ArrayList<>();
			list(path, fs, ds);
			for (final Path f : fs)
				if (ext(f).equals(".csv")) csvs.add(f);
			if (csvs.size() != 1) throw new IllegalArgumentException("data_format=csv: '" + path +
				"' holds " + csvs.size() + " .csv files: expected the manifest file itself, or a folder " +
				"with exactly one");
			file = csvs.get(0);
		}
		final List<String> lines = Files.readAllLines(file);
		final Path base = file.toAbsolutePath().getParent();
		final List<Path> files = new ArrayList<>();
		final List<String> classOf = new ArrayList<>();
		for (int ln = 0; ln < lines.size(); ln++) {
			final String line = lines.get(ln);
			if (line.isBlank() || line.startsWith("#")) continue;
			final List<String> cells = cells(line);
			if (files.isEmpty() && classOf.isEmpty() && cells.size() >= 2 && isHeader(cells.get(0),
				cells.get(1))) continue;
			if (cells.size() != 2 || cells.get(0).isEmpty() || cells.get(1).isEmpty())
				throw new IllegalArgumentException("'" + file + "' line " + (ln + 1) + ": '" + line +
					"' is not a row path,class: expected two non-empty values separated by a comma");
			final Path p = base.resolve(cells.get(0));
			if (!Files.isRegularFile(p)) throw new IllegalArgumentException("'" + file + "' line " + (ln +
				1) + ": '" + cells.get(0) + "' is not a file (looked for '" + p + "'): paths are relative " +
				"to the CSV's folder");
			files.add(p);
			classOf.add(cells.get(1));
		}
		final List<String> classes = new ArrayList<>(new TreeSet<>(classOf));
		if (classes.size() < (o.classNames() == null ? 2 : 1)) throw new IllegalArgumentException("'" + file + "' names " + (classes
			.isEmpty() ? "no images" : "one class ('" + classes.get(0) + "')") + ": expected rows " +
			"path,class of at least 2 classes");
		final int[] labels = new int[files.size()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = classes.indexOf(classOf.get(i));
		return fromFiles(files, labels, byName(classes, labels, o, "class"), "'" + file + "'", "CSV manifest " + file
			.getFileName() + how, o, new ArrayList<>(), false);
	}

	private static boolean isHeader(final String a, final String b) {
		final String x = a.toLowerCase(Locale.ROOT), y = b.toLowerCase(Locale.ROOT);
		return (x.equals("path") || x.equals("file") || x.equals("image") || x.equals("filename") || x
			.equals("slice")) && (y.equals("class") || y.equals("label"));
	}

	/** The cells of a CSV line: separated by commas, optionally in double quotes. */
	static List<String> cells(final String line) {
		final List<String> out = new ArrayList<>();
		final StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char ch = line.charAt(i);
			if (quoted) {
				if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (ch == '"') quoted = false;
				else cell.append(ch);
			}
			else if (ch == '"') quoted = true;
			else if (ch == ',') {
				out.add(cell.toString().trim());
				cell.setLength(0);
			}
			else cell.append(ch);
		}
		out.add(cell.toString().trim());
		return out;
	}

	// ---------------------------------------------------------------- image files

	/** Probes, checks and decodes (or streams) image files. */
	private static Dataset fromFiles(final List<Path> files, final int[] labels,
		final List<String> classes, final String source, final String what, final DatasetOptions o,
		final List<String> notes, final boolean perClassFolder) throws IOException
	{
		final int n = files.size();
		final DecodedImage.Info[] infos = new DecodedImage.Info[n];
		final String[] errors = new String[n];
		// when the images surely fit (judged from the first one), decode them at once instead of
		// reading every header first: each file is then read once
		final long budget = fitsEasily(files, o);
		final DecodedImage[] decoded = budget > 0 ? new DecodedImage[n] : null;
		final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();
		forEach(n, i -> {
			try {
				if (decoded == null || held.get() > budget) infos[i] = o.decoder().probe(files.get(i));
				else {
					final DecodedImage d = o.decoder().decode(files.get(i));
					infos[i] = d.info();
					// larger images than the first one's: keep no more than the budget decoded
					if (held.addAndGet((long) d.width() * d.height() * d.channels() * (d.bitDepth() /
						8)) <= budget) decoded[i] = d;
				}
			}
			catch (final IOException | RuntimeException e) {
				errors[i] = e.getMessage();
			}
		});
		final List<Integer> keep = new ArrayList<>();
		final List<String> bad = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			if (errors[i] == null) keep.add(i);
			else {
				if (o.strict()) throw new IllegalArgumentException("'" + files.get(i) + "' cannot be " +
					"read as an image (" + errors[i] + "): strict=true stops at unreadable images; " +
					"strict=false skips them");
				bad.add(files.get(i).getFileName().toString());
			}
		}
		if (!bad.isEmpty()) notes.add("warning: skipped " + bad.size() + " unreadable image" + (bad
			.size() == 1 ? "" : "s") + ": " + String.join(", ", bad.subList(0, Math.min(10, bad.size()))) +
			(bad.size() > 10 ? ", ..." : ""));
		final int m = keep.size();
		final DecodedImage[] ready = decoded == null ? null : new DecodedImage[m];
		if (ready != null) for (int j = 0; j < m; j++)
			ready[j] = decoded[keep.get(j)];
		final Path[] kept = new Path[m];
		final int[] kl = new int[m];
		final DecodedImage.Info[] ki = new DecodedImage.Info[m];
		final int[] perClass = new int[classes.size()], before = new int[classes.size()];
		for (final int l : labels)
			before[l]++;
		for (int j = 0; j < m; j++) {
			kept[j] = files.get(keep.get(j));
			kl[j] = labels[keep.get(j)];
			ki[j] = infos[keep.get(j)];
			perClass[kl[j]]++;
		}
		for (int c = 0; c < perClass.length; c++)
			if (perClass[c] == 0 && before[c] > 0) throw new IllegalArgumentException((perClassFolder ? "class folder '" +
				classes.get(c) + "'" : "class '" + classes.get(c) + "'") + " of " + source +
				" has no readable image (all were skipped as unreadable): expected at least one");
		final String[] names = new String[m];
		for (int j = 0; j < m; j++)
			names[j] = "'" + kept[j] + "'";
		final Plan plan = plan(ki, names, o, notes);
		final String description = what + ": " + m + " images, " + classes.size() + " classes, " +
			describe(ki) + " -> " + plan.pre.width() + "x" + plan.pre.height() + "x" + plan.pre
				.channels();
		final long bytes = (long) m * plan.pre.imageSize() * plan.bytes;
		final boolean stream = switch (o.memory()) {
			case STREAM -> true;
			case MEMORY -> false;
			case AUTO -> (ready == null || held.get() > budget) && (bytes > Integer.MAX_VALUE - 8L ||
				bytes > freeHeap() / 2);
		};
		if (stream) {
			notes.add("the decoded images (" + mb(bytes) + ") are read from disk batch by batch" + (o
				.memory() == DatasetOptions.Memory.AUTO ? ", more than half of the free heap (" + mb(
					freeHeap()) + ")" : ""));
			return new FileDataset(kept, kl, null, classes, plan.pre, o.decoder(), source, description,
				notes);
		}
		checkHeap(m, plan, source);
		return decodeAll(m, j -> ready != null && ready[j] != null ? ready[j] : o.decoder().decode(
			kept[j]), names, kl, classes, plan, source, description, notes, o.strict());
	}

	/**
	 * The bytes of decoded images that may be held while a dataset is read, or 0 to read headers
	 * only: a quarter of the free heap when {@code files}, all of the first one's size and type,
	 * would fit in it (then the decoded images and the dataset's copy fit together, and each file
	 * is read once).
	 */
	private static long fitsEasily(final List<Path> files, final DatasetOptions o) {
		if (o.memory() == DatasetOptions.Memory.STREAM || files.isEmpty()) return 0;
		try {
			final DecodedImage.Info first = o.decoder().probe(files.get(0));
			final long per = (long) first.width() * first.height() * first.channels() * (first
				.bitDepth() / 8);
			final long budget = Math.min(freeHeap() / 4, Integer.MAX_VALUE / 4);
			return per * files.size() <= budget ? budget : 0;
		}
		catch (final IOException | RuntimeException e) {
			return 0;
		}
	}

	private static String describe(final DecodedImage.Info[] infos) {
		final Map<String, Integer> kinds = new TreeMap<>();
		int w = -1, h = -1;
		boolean same = true;
		for (final DecodedImage.Info i : infos) {
			kinds.merge(i.bitDepth() + "-bit " + (i.channels() == 1 ? "gray" : "RGB"), 1, Integer::sum);
			if (w < 0) {
				w = i.width();
				h = i.height();
			}
			else if (i.width() != w || i.height() != h) same = false;
		}
		return (same ? w + "x" + h + " " : "mixed sizes, ") + (kinds.size() == 1 ? kinds.keySet()
			.iterator().next() : kinds.toString());
	}

	private static String mb(final long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
	}

	private static long freeHeap() {
		final Runtime rt = Runtime.getRuntime();
		return rt.maxMemory() - rt.totalMemory() + rt.freeMemory();
	}

	private static void checkHeap(final long images, final Plan plan, final String source) {
		final long bytes = io.github.convnetij.compute.HeapBudget.times(io.github.convnetij.compute
			.HeapBudget.times(images, plan.pre.imageSize()), plan.bytes);
		checkHeap(bytes, source + ": " + images + " images of " + plan.pre.width() + "x" + plan.pre
			.height() + "x" + plan.pre.channels() + " (image_size " + plan.pre.width() + "x" + plan.pre
				.height() + ")");
	}

	private static void checkHeap(final long bytes, final String source) {
		if (bytes > Integer.MAX_VALUE - 8L) throw new IllegalArgumentException(source + ": the " +
			"decoded images take " + mb(bytes) + ", more than one Java array holds (2 GB): use a " +
			"smaller image_size, or fewer images");
		if (bytes > freeHeap()) {
			System.gc();
			if (bytes > freeHeap()) throw new IllegalArgumentException(source + ": the decoded images " +
				"take " + mb(bytes) + " but the Java heap has only " + mb(freeHeap()) + " free: use a " +
				"smaller image_size, or fewer images");
		}
	}

	/** The target of preprocessing and the storage of decoded images. */
	private record Plan(Preprocessing pre, int bytes, boolean exact) {}

	/**
	 * Chooses channels and size from the options and the images, checking every image against
	 * them; {@code bytes} per stored sample: 1 (all 8-bit, no resize, no RGB to gray), 2 (also
	 * 16-bit), else 4 (floats, preprocessed).
	 */
	private static Plan plan(final DecodedImage.Info[] infos, final String[] names,
		final DatasetOptions o, final List<String> notes)
	{
		final DecodedImage.Info first = infos[0];
		int channels = o.channels();
		boolean gray = false, rgb = false;
		int firstGray = -1, firstRgb = -1;
		for (int i = 0; i < infos.length; i++)
			if (infos[i].channels() == 1) {
				gray = true;
				if (firstGray < 0) firstGray = i;
			}
			else {
				rgb = true;
				if (firstRgb < 0) firstRgb = i;
			}
		final boolean auto = o.convert() == DatasetOptions.Convert.AUTO;
		if (channels == 0) {
			if (gray && rgb && !auto) throw new IllegalArgumentException("gray and RGB images are " +
				"mixed (" + names[firstGray] + " is gray, " + names[firstRgb] + " is RGB): use " +
				"convert=auto to make them all RGB, or convert the images first");
			channels = rgb ? 3 : 1;
		}
		final int w = o.width() > 0 ? o.width() : first.width();
		final int h = o.height() > 0 ? o.height() : first.height();
		final Preprocessing pre = new Preprocessing(channels, h, w, o.resize().key(), o.convert()
			.key());
		int converted = 0, resized = 0, maxDepth = 8;
		boolean toGray = false;
		for (int i = 0; i < infos.length; i++) {
			final String why = pre.refusal(infos[i], names[i]);
			if (why != null) throw new IllegalArgumentException(why);
			if (infos[i].channels() != channels) {
				converted++;
				if (channels == 1) toGray = true;
			}
			if (infos[i].width() != w || infos[i].height() != h) resized++;
			maxDepth = Math.max(maxDepth, infos[i].bitDepth());
		}
		if (converted > 0) notes.add("note: convert=auto converted " + converted + " " + (channels == 3
			? "gray image(s) to RGB (gray replicated)" : "RGB image(s) to gray (mean of R, G, B)"));
		if (resized > 0) notes.add("note: resized " + resized + " image(s) to " + w + "x" + h +
			" (bilinear)");
		final int bytes = resized > 0 || toGray || maxDepth == 32 ? 4 : maxDepth == 16 ? 2 : 1;
		return new Plan(pre, bytes, bytes < 4);
	}

	@FunctionalInterface
	private interface Loader {

		DecodedImage load(int i) throws IOException;
	}

	/** Decodes every image once into one array of the plan's storage. */
	private static Dataset decodeAll(final int m, final Loader loader, final String[] names,
		final int[] labels, final List<String> classes, final Plan plan, final String source,
		final String description, final List<String> notes, final boolean strict)
	{
		final Preprocessing pre = plan.pre;
		final int per = pre.imageSize();
		final byte[] b = plan.bytes == 1 ? new byte[m * per] : null;
		final short[] s = plan.bytes == 2 ? new short[m * per] : null;
		final float[] f = plan.bytes == 4 ? new float[m * per] : null;
		final String[] errors = new String[m];
		forEach(m, j -> {
			try {
				final DecodedImage img = loader.load(j);
				store(img, names[j], pre, j * per, b, s, f);
			}
			catch (final IOException | RuntimeException e) {
				errors[j] = e.getMessage();
			}
		});
		final List<Integer> ok = new ArrayList<>();
		final List<String> bad = new ArrayList<>();
		for (int j = 0; j < m; j++)
			if (errors[j] == null) ok.add(j);
			else {
				if (strict || errors[j].contains(" but the images are ")) throw new IllegalArgumentException(
					names[j] + " cannot be read as an image (" + errors[j] + ")" + (strict
						? ": strict=true stops at unreadable images; strict=false skips them" : ""));
				bad.add(names[j]);
			}
		ImageDataset d = b != null ? ImageDataset.of(b, labels, pre.channels(), pre.height(), pre
			.width(), source) : s != null ? ImageDataset.ofShorts(s, labels, pre.channels(), pre.height(),
				pre.width(), source) : ImageDataset.ofFloats(f, labels, pre.channels(), pre.height(), pre
					.width(), source);
		final List<String> allNotes = new ArrayList<>(notes);
		if (!bad.isEmpty()) {
			allNotes.add("warning: skipped " + bad.size() + " image(s) that could not be decoded: " +
				String.join(", ", bad.subList(0, Math.min(10, bad.size()))));
			d = d.subset(unbox(ok));
		}
		return d.withInfo(classes, description, allNotes, pre);
	}

	/** Writes one decoded image into the storage at {@code offset}. */
	private static void store(final DecodedImage img, final String name, final Preprocessing pre,
		final int offset, final byte[] b, final short[] s, final float[] f)
	{
		if (f != null) {
			pre.apply(img, name, f, offset);
			return;
		}
		final String why = pre.refusal(img.info(), name);
		if (why != null) throw new IllegalArgumentException(why);
		if (img.width() != pre.width() || img.height() != pre.height() || img.channels() > pre
			.channels() || img.bitDepth() == 32 || b != null && img.bitDepth() != 8)
			throw new IllegalArgumentException("decoded as " + img.info().describe() +
				", unlike its header");
		final int plane = img.width() * img.height();
		for (int c = 0; c < pre.channels(); c++) {
			final int from = img.channels() == 1 ? 0 : c * plane;
			final int to = offset + c * plane;
			if (b != null) System.arraycopy((byte[]) img.pixels(), from, b, to, plane);
			else if (img.bitDepth() == 16) System.arraycopy((short[]) img.pixels(), from, s, to, plane);
			else {
				final byte[] p = (byte[]) img.pixels();
				for (int k = 0; k < plane; k++)
					s[to + k] = (short) ((p[from + k] & 0xFF) * 257);
			}
		}
	}

	/** Runs {@code body} for {@code 0 .. n-1} over the current ImgLib2 parallelization context. */
	private static void forEach(final int n, final java.util.function.IntConsumer body) {
		if (n == 0) return;
		final TaskExecutor ex = Parallelization.getTaskExecutor();
		final int chunks = Math.min(n, Math.max(1, ex.suggestNumberOfTasks()));
		if (chunks == 1 || ex.getParallelism() <= 1) {
			for (int i = 0; i < n; i++)
				body.accept(i);
			return;
		}
		final List<int[]> ranges = new ArrayList<>();
		for (int c = 0; c < chunks; c++)
			ranges.add(new int[] { (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks) });
		ex.forEach(ranges, r -> {
			for (int i = r[0]; i < r[1]; i++)
				body.accept(i);
		});
	}

	// ---------------------------------------------------------------- stack

	/**
	 * The dataset of an image stack, one image per slice, as the ImageJ front end hands it over:
	 * one pixel array per slice ({@code byte[]} 8-bit, {@code short[]} 16-bit, {@code float[]}
	 * 32-bit, or {@code int[]} packed RGB as ImageJ's {@code ColorProcessor} holds it), not copied
	 * unless converted. The class of slice {@code s} (1-based) comes from {@code classCsv} when
	 * given (rows {@code slice,class}, an optional header row), else from its slice label: the
	 * label's first line, trimmed, up to the first {@code /} if it has one ({@code "cat/001.png"} is
	 * class {@code cat}). Class names are sorted.
	 * <pre>{@code
	 * ImageStack st = imp.getStack();               // in the command layer
	 * List<Object> planes = new ArrayList<>();
	 * List<String> labels = new ArrayList<>();
	 * for (int s = 1; s <= st.size(); s++) { planes.add(st.getPixels(s)); labels.add(st.getSliceLabel(s)); }
	 * Dataset d = Datasets.fromPlanes(planes, st.getWidth(), st.getHeight(), labels, null,
	 *     imp.getTitle(), options);
	 * }</pre>
	 *
	 * @param sliceLabels one per slice (entries may be null when {@code classCsv} is given)
	 * @param classCsv a CSV file of {@code slice,class} rows, or null
	 * @param title how to name the stack in messages
	 * @throws IllegalArgumentException for planes of mixed or unknown types or wrong lengths, a
	 *           slice without a class, fewer than 2 classes, or labels that give every slice its
	 *           own class
	 * @throws IOException when {@code classCsv} cannot be read
	 */
	public static Dataset fromPlanes(final List<?> planes, final int width, final int height,
		final List<String> sliceLabels, final Path classCsv, final String title,
		final DatasetOptions options) throws IOException
	{
		final int n = planes.size();
		final String source = "stack '" + title + "'";
		if (n == 0) throw new IllegalArgumentException(source + " has no slices: expected one image " +
			"per slice");
		final DecodedImage[] images = new DecodedImage[n];
		for (int i = 0; i < n; i++) {
			final Object p = planes.get(i);
			try {
				if (p instanceof int[] rgb) {
					final byte[] out = new byte[3 * rgb.length];
					final int plane = rgb.length;
					for (int k = 0; k < plane; k++) {
						out[k] = (byte) (rgb[k] >> 16);
						out[plane + k] = (byte) (rgb[k] >> 8);
						out[2 * plane + k] = (byte) rgb[k];
					}
					images[i] = new DecodedImage(width, height, 3, 8, out);
				}
				else images[i] = new DecodedImage(width, height, 1, p instanceof byte[] ? 8
					: p instanceof short[] ? 16 : 32, p);
			}
			catch (final IllegalArgumentException e) {
				throw new IllegalArgumentException(source + " slice " + (i + 1) + ": " + e.getMessage(), e);
			}
		}
		final String[] classOf = new String[n];
		String how;
		if (classCsv != null) {
			how = "classes from " + classCsv.getFileName();
			final List<String> lines = Files.readAllLines(classCsv);
			for (int ln = 0; ln < lines.size(); ln++) {
				final String line = lines.get(ln);
				if (line.isBlank() || line.startsWith("#")) continue;
				final List<String> c = cells(line);
				if (ln == 0 && c.size() >= 2 && isHeader(c.get(0), c.get(1))) continue;
				int s = -1;
				try {
					s = c.size() == 2 ? Integer.parseInt(c.get(0)) : -1;
				}
				catch (final NumberFormatException e) {
					// below
				}
				if (s < 1 || s > n || c.get(1).isEmpty()) throw new IllegalArgumentException("'" +
					classCsv + "' line " + (ln + 1) + ": '" + line + "' is not a row slice,class: expected " +
					"a slice number from 1 to " + n + " and a class name");
				classOf[s - 1] = c.get(1);
			}
			for (int i = 0; i < n; i++)
				if (classOf[i] == null) throw new IllegalArgumentException("'" + classCsv + "' gives no " +
					"class for slice " + (i + 1) + " of " + source + ": expected a row slice,class for every slice");
		}
		else {
			how = "classes from slice labels";
			for (int i = 0; i < n; i++) {
				final String label = sliceLabels == null || i >= sliceLabels.size() ? null : sliceLabels
					.get(i);
				final String c = label == null ? "" : label.lines().findFirst().orElse("").trim();
				final int slash = c.indexOf('/');
				classOf[i] = slash > 0 ? c.substring(0, slash).trim() : c;
				if (classOf[i].isEmpty()) throw new IllegalArgumentException(source + ": slice " + (i + 1) +
					" has no label: expected slice labels naming the classes, or a CSV of slice,class rows");
			}
		}
		final List<String> classes = new ArrayList<>(new TreeSet<>(Arrays.asList(classOf)));
		if (classes.size() < 2 && options.classNames() == null) throw new IllegalArgumentException(source + ": all slices are of " +
			"class '" + classes.get(0) + "' (" + how + "): expected at least 2 classes");
		if (classes.size() == n && n > 2) throw new IllegalArgumentException(source + ": every slice " +
			"has its own class (" + how + ", such as '" + classOf[0] + "'): give a CSV of slice,class " +
			"rows, or labels such as class/name");
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++)
			labels[i] = classes.indexOf(classOf[i]);
		return fromImages(Arrays.asList(images), labels, byName(classes, labels, options, "class"), source, "stack of " + n +
			" slices, " + how, options);
	}

	/**
	 * A dataset held in memory of already decoded images, checked, converted and resized as the
	 * options say.
	 *
	 * @param labels one per image, indices into {@code classNames}
	 * @param what the description's start, e.g. {@code stack of 12 slices}
	 * @throws IllegalArgumentException as {@link #open}
	 */
	public static Dataset fromImages(final List<DecodedImage> images, final int[] labels,
		final List<String> classNames, final String source, final String what,
		final DatasetOptions options)
	{
		final int m = images.size();
		if (labels.length != m) throw new IllegalArgumentException(source + ": " + labels.length +
			" labels for " + m + " images: expected one label per image");
		if (m == 0) throw new IllegalArgumentException(source + " holds no images");
		final DecodedImage.Info[] infos = new DecodedImage.Info[m];
		final String[] names = new String[m];
		for (int i = 0; i < m; i++) {
			infos[i] = images.get(i).info();
			names[i] = source + " image " + (i + 1);
		}
		final List<String> notes = new ArrayList<>();
		final Plan plan = plan(infos, names, options, notes);
		checkHeap(m, plan, source);
		return decodeAll(m, images::get, names, labels, classNames, plan, source, what + ": " + m +
			" images, " + classNames.size() + " classes, " + describe(infos) + " -> " + plan.pre.width() +
			"x" + plan.pre.height() + "x" + plan.pre.channels(), notes, true);
	}

	// ---------------------------------------------------------------- IDX

	private static Dataset idx(final Path path, final DatasetOptions o, final String how)
		throws IOException
	{
		final ImageDataset d = o.part() == DatasetOptions.Part.TEST ? ImageDatasets.forTesting(path)
			: ImageDatasets.forTraining(path);
		final List<String> notes = new ArrayList<>();
		List<String> names = o.classNames();
		if (names == null) {
			names = d.classNames();
			notes.add("note: IDX files carry no class names: classes are numbered 0.." + (names.size() -
				1) + " (give class_names to name them)");
		}
		else if (names.size() < d.classNames().size()) throw new IllegalArgumentException(
			"class_names gives " + names.size() + " names but " + d.source() + " has labels up to " + (d
				.classNames().size() - 1) + ": give one name per class");
		return conform(d, o, names, "IDX files " + d.source() + how, notes);
	}

	/**
	 * An 8-bit set read whole (IDX, CIFAR) with the options' channels and size applied (converted
	 * and resized only as {@code convert} and {@code resize} allow).
	 */
	private static Dataset conform(final ImageDataset d, final DatasetOptions o,
		final List<String> names, final String what, final List<String> notes)
	{
		final int c = o.channels() == 0 ? d.channels() : o.channels();
		final int w = o.width() == 0 ? d.width() : o.width(), h = o.height() == 0 ? d.height() : o
			.height();
		final String description = what + ": " + d.size() + " images, " + names.size() + " classes, " +
			d.width() + "x" + d.height() + " 8-bit " + (d.channels() == 1 ? "gray" : "RGB");
		if (c == d.channels() && w == d.width() && h == d.height()) return d.withInfo(names,
			description, notes, new Preprocessing(c, h, w, o.resize().key(), o.convert().key()));
		final int n = d.size(), per = d.imageSize();
		final List<DecodedImage> images = new AbstractImages(n, i -> {
			final byte[] px = new byte[per];
			for (int ch = 0; ch < d.channels(); ch++)
				for (int y = 0; y < d.height(); y++)
					for (int x = 0; x < d.width(); x++)
						px[(ch * d.height() + y) * d.width() + x] = (byte) d.pixel(i, ch, y, x);
			return new DecodedImage(d.width(), d.height(), d.channels(), 8, px);
		});
		final DatasetOptions oo = o.channels(c).imageSize(w, h);
		final DecodedImage.Info[] infos = new DecodedImage.Info[] { new DecodedImage.Info(d.width(), d
			.height(), d.channels(), 8) };
		final Plan plan = plan(infos, new String[] { d.source() }, oo, notes);
		checkHeap(n, plan, d.source());
		final String[] nm = new String[n];
		Arrays.fill(nm, d.source());
		return decodeAll(n, images::get, nm, d.labels(), names, plan, d.source(), description + " -> " +
			w + "x" + h + "x" + c, notes, true);
	}

	/** A list of images made on demand. */
	private static final class AbstractImages extends java.util.AbstractList<DecodedImage> {

		private final int n;
		private final java.util.function.IntFunction<DecodedImage> make;

		AbstractImages(final int n, final java.util.function.IntFunction<DecodedImage> make) {
			this.n = n;
			this.make = make;
		}

		@Override
		public DecodedImage get(final int i) {
			return make.apply(i);
		}

		@Override
		public int size() {
			return n;
		}
	}

	// ---------------------------------------------------------------- CIFAR

	private static Dataset cifar(final Path path, final DatasetOptions o, final boolean c100,
		final String how) throws IOException
	{
		final String kind = c100 ? "CIFAR-100" : "CIFAR-10";
		final boolean test = o.part() == DatasetOptions.Part.TEST;
		final List<Path> files = new ArrayList<>();
		final Path dir;
		if (Files.isDirectory(path)) {
			dir = path;
			final List<Path> fs = new ArrayList<>(), ds = new ArrayList<>();
			list(path, fs, ds);
			final Map<Integer, Path> batches = new TreeMap<>();
			for (final Path f : fs) {
				final String n = f.getFileName().toString();
				if (c100) {
					if (n.equals(test ? "test.bin" : "train.bin")) files.add(f);
				}
				else if (test) {
					if (n.equals("test_batch.bin")) files.add(f);
				}
				else {
					final Matcher m = CIFAR10_BATCH.matcher(n);
					if (m.matches()) batches.put(Integer.parseInt(m.group(1)), f);
				}
			}
			files.addAll(batches.values());
			if (files.isEmpty()) throw new IllegalArgumentException("'" + path + "' has no " + kind +
				" " + (test ? "test" : "training") + " file: expected " + (c100 ? test ? "test.bin"
					: "train.bin" : test ? "test_batch.bin" : "data_batch_1.bin .. data_batch_5.bin"));
		}
		else {
			dir = path.toAbsolutePath().getParent();
			files.add(path);
		}
		final int rec = CIFAR_PIXELS + (c100 ? 2 : 1);
		long total = 0;
		for (final Path f : files) {
			final long len = Files.size(f);
			if (len == 0 || len % rec != 0) throw new IllegalArgumentException("'" + f + "' is " + len +
				" bytes, not a whole number of " + kind + " records of " + rec + " bytes (" + (c100
					? "coarse label, fine label" : "1 label byte") + ", 3072 pixel bytes)" + (len % (c100
						? CIFAR_PIXELS + 1 : CIFAR_PIXELS + 2) == 0 && len > 0 ? ": is it a " + (c100
							? "CIFAR-10" : "CIFAR-100") + " file? (data_format=" + (c100 ? "cifar10" : "cifar100") +
							")" : ""));
			total += len / rec;
		}
		checkHeap(total * CIFAR_PIXELS, "'" + path + "'");
		final int n = (int) total;
		final byte[] pixels = new byte[n * CIFAR_PIXELS];
		final int[] labels = new int[n];
		final int max = c100 ? o.labelMode() == DatasetOptions.LabelMode.COARSE ? 20 : 100 : 10;
		int i = 0;
		final byte[] r = new byte[rec];
		for (final Path f : files)
			try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
				final long count = Files.size(f) / rec;
				for (long k = 0; k < count; k++, i++) {
					if (in.readNBytes(r, 0, rec) != rec) throw new IllegalArgumentException("'" + f +
						"' ended early");
					final int label = c100 ? o.labelMode() == DatasetOptions.LabelMode.COARSE ? r[0] & 0xFF
						: r[1] & 0xFF : r[0] & 0xFF;
					if (label >= max) throw new IllegalArgumentException("'" + f + "' record " + k +
						" has the label " + label + ": " + kind + (c100 ? " " + o.labelMode().key() : "") +
						" labels are 0.." + (max - 1));
					labels[i] = label;
					System.arraycopy(r, rec - CIFAR_PIXELS, pixels, i * CIFAR_PIXELS, CIFAR_PIXELS);
				}
			}
		final String namesFile = c100 ? o.labelMode() == DatasetOptions.LabelMode.COARSE
			? "coarse_label_names.txt" : "fine_label_names.txt" : "batches.meta.txt";
		final List<String> notes = new ArrayList<>();
		List<String> names = o.classNames();
		if (names == null) {
			final Path nf = dir == null ? null : dir.resolve(namesFile);
			if (nf != null && Files.isRegularFile(nf)) {
				names = new ArrayList<>();
				for (final String line : Files.readAllLines(nf))
					if (!line.isBlank()) names.add(line.trim());
				if (names.size() < max) throw new IllegalArgumentException("'" + nf + "' holds " + names
					.size() + " class names: expected " + max);
				names = names.subList(0, max);
			}
			else {
				names = ModelFile.numberedClasses(max);
				notes.add("note: no " + namesFile + " beside the data: classes are numbered 0.." + (max -
					1));
			}
		}
		else if (names.size() != max) throw new IllegalArgumentException("class_names gives " + names
			.size() + " names: " + kind + (c100 ? " " + o.labelMode().key() : "") + " has " + max +
			" classes");
		final ImageDataset d = ImageDataset.of(pixels, labels, 3, 32, 32, files.size() == 1 ? "'" +
			files.get(0) + "'" : "'" + dir + "' (" + files.size() + " files)");
		return conform(d, o, names, kind + (c100 ? " (" + o.labelMode().key() + " labels)" : "") +
			" binary " + d.source() + how, notes);
	}

	/** Unchecked IO for streamed data. */
	static UncheckedIOException unchecked(final Path file, final IOException e) {
		return new UncheckedIOException(new IOException("'" + file + "' can no longer be read: " + e
			.getMessage(), e));
	}
}
