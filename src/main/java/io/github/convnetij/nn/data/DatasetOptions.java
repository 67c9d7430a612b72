package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How {@link Datasets#open} reads a dataset: the keys of Train CNN / {@code train} that concern
 * the data, with the same names and meanings. Immutable; each setter returns a new instance and
 * checks its value (errors name the key, the value and what is accepted).
 * <pre>{@code
 * DatasetOptions o = DatasetOptions.defaults()
 *     .dataFormat("auto")          // auto|folder|idx|cifar10|cifar100|csv|stack
 *     .imageSize("64x64")          // WxH, or auto: the first image's size
 *     .resize("bilinear")          // bilinear|none
 *     .convert("auto")             // auto|none: gray <-> RGB
 *     .strict(false)               // skip unreadable images with one warning
 *     .classNames("cat,dog")       // or a file with one name per line (IDX has no names)
 *     .labelMode("fine");          // fine|coarse (CIFAR-100)
 * Dataset train = Datasets.open(Path.of("pets"), o);
 * Dataset test = Datasets.open(Path.of("pets-test"), Datasets.like(train, o)); // same size, channels, classes
 * }</pre>
 * Defaults: {@code data_format=auto}, {@code image_size=auto}, {@code resize=bilinear},
 * {@code convert=none}, {@code strict=false}, no class names, {@code label_mode=fine}, the
 * channels of the data, the training part, the {@linkplain ImageDecoder#standard() standard
 * decoder}, memory {@code auto}. The validation split and its seed are training settings
 * ({@code TrainingConfig}), applied by the trainer with {@link Dataset#split}.
 */
public final class DatasetOptions {

	/** The {@code data_format} key. */
	public enum Format {
		/** Detected from the path's contents. */
		AUTO,
		/** One subfolder of images per class. */
		FOLDER,
		/** MNIST-style IDX files. */
		IDX,
		/** CIFAR-10 binary files. */
		CIFAR10,
		/** CIFAR-100 binary files. */
		CIFAR100,
		/** A CSV manifest {@code path,class}. */
		CSV,
		/** An open ImageJ stack (built by the front end with {@link Datasets#fromPlanes}). */
		STACK;

		/** The macro value: {@code auto}, {@code folder}, ... */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** @throws IllegalArgumentException naming the value and the accepted ones */
		public static Format parse(final String s) {
			return DatasetOptions.parse(Format.class, "data_format", s);
		}
	}

	/** The {@code resize} key. */
	public enum Resize {
		BILINEAR, NONE;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Resize parse(final String s) {
			return DatasetOptions.parse(Resize.class, "resize", s);
		}
	}

	/** The {@code convert} key: gray to RGB and RGB to gray. */
	public enum Convert {
		AUTO, NONE;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Convert parse(final String s) {
			return DatasetOptions.parse(Convert.class, "convert", s);
		}
	}

	/** The {@code label_mode} key of CIFAR-100. */
	public enum LabelMode {
		FINE, COARSE;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static LabelMode parse(final String s) {
			return DatasetOptions.parse(LabelMode.class, "label_mode", s);
		}
	}

	/**
	 * Which part of a dataset that has both: {@code train*} / {@code data_batch_*} / {@code train/}
	 * or {@code t10k*} / {@code test*} / {@code test/}.
	 */
	public enum Part {
		TRAIN, TEST
	}

	/** Whether decoded images are held in memory. */
	public enum Memory {
		/** In memory when they take at most half of the free heap, else streamed. */
		AUTO,
		/** Always in memory (refused when they do not fit). */
		MEMORY,
		/** Always decoded from disk, batch by batch, ahead on a background thread. */
		STREAM
	}

	private static final DatasetOptions DEFAULTS = new DatasetOptions(Format.AUTO, 0, 0,
		Resize.BILINEAR, Convert.NONE, false, null, LabelMode.FINE, 0, Part.TRAIN, ImageDecoder
			.standard(), Memory.AUTO);

	private final Format format;
	private final int width, height, channels;
	private final Resize resize;
	private final Convert convert;
	private final boolean strict;
	private final List<String> classNames;
	private final LabelMode labelMode;
	private final Part part;
	private final ImageDecoder decoder;
	private final Memory memory;

	private DatasetOptions(final Format format, final int width, final int height,
		final Resize resize, final Convert convert, final boolean strict,
		final List<String> classNames, final LabelMode labelMode, final int channels,
		final Part part, final ImageDecoder decoder, final Memory memory)
	{
		this.format = format;
		this.width = width;
		this.height = height;
		this.resize = resize;
		this.convert = convert;
		this.strict = strict;
		this.classNames = classNames;
		this.labelMode = labelMode;
		this.channels = channels;
		this.part = part;
		this.decoder = decoder;
		this.memory = memory;
	}

	/** The defaults listed above. */
	public static DatasetOptions defaults() {
		return DEFAULTS;
	}

	private DatasetOptions with(final Format f, final int w, final int h, final Resize r,
		final Convert c, final boolean s, final List<String> names, final LabelMode l, final int ch,
		final Part p, final ImageDecoder d, final Memory m)
	{
		return new DatasetOptions(f, w, h, r, c, s, names, l, ch, p, d, m);
	}

	public DatasetOptions dataFormat(final Format f) {
		return with(Objects.requireNonNull(f), width, height, resize, convert, strict, classNames,
			labelMode, channels, part, decoder, memory);
	}

	/** @throws IllegalArgumentException unless auto|folder|idx|cifar10|cifar100|csv|stack */
	public DatasetOptions dataFormat(final String f) {
		return dataFormat(Format.parse(f));
	}

	/**
	 * The image size: {@code WxH} (also {@code W x H}, {@code W*H}), or {@code auto} (or empty): the
	 * first image's size.
	 *
	 * @throws IllegalArgumentException for other text or sizes below 1
	 */
	public DatasetOptions imageSize(final String s) {
		final String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
		if (t.isEmpty() || t.equals("auto")) return imageSize(0, 0);
		final String[] parts = t.split("\\s*[x*]\\s*");
		try {
			if (parts.length == 2) {
				final int w = Integer.parseInt(parts[0].trim()), h = Integer.parseInt(parts[1].trim());
				if (w >= 1 && h >= 1) return imageSize(w, h);
			}
		}
		catch (final NumberFormatException e) {
			// below
		}
		throw new IllegalArgumentException("image_size: '" + s + "' is not allowed: expected WxH " +
			"with whole numbers >= 1 (such as 64x64), or auto");
	}

	/**
	 * The image size, or {@code 0, 0} for auto.
	 *
	 * @throws IllegalArgumentException for negative sizes or only one of them 0
	 */
	public DatasetOptions imageSize(final int w, final int h) {
		if (w < 0 || h < 0 || (w == 0) != (h == 0)) throw new IllegalArgumentException("image_size: " +
			w + "x" + h + " is not allowed: expected sizes >= 1, or auto");
		if ((long) w * h * 3 > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image_size: " +
			w + "x" + h + " is not allowed: " + (long) w * h + " pixels, more than one image can hold " +
			"here (at most 715827879 pixels, 2^31 - 9 values with 3 channels)");
		return with(format, w, h, resize, convert, strict, classNames, labelMode, channels, part,
			decoder, memory);
	}

	public DatasetOptions resize(final Resize r) {
		return with(format, width, height, Objects.requireNonNull(r), convert, strict, classNames,
			labelMode, channels, part, decoder, memory);
	}

	/** @throws IllegalArgumentException unless bilinear|none */
	public DatasetOptions resize(final String r) {
		return resize(Resize.parse(r));
	}

	public DatasetOptions convert(final Convert c) {
		return with(format, width, height, resize, Objects.requireNonNull(c), strict, classNames,
			labelMode, channels, part, decoder, memory);
	}

	/** @throws IllegalArgumentException unless auto|none */
	public DatasetOptions convert(final String c) {
		return convert(Convert.parse(c));
	}

	/** True: stop at the first unreadable image; false: skip it, naming it in one warning. */
	public DatasetOptions strict(final boolean s) {
		return with(format, width, height, resize, convert, s, classNames, labelMode, channels, part,
			decoder, memory);
	}

	/**
	 * Class names: the lines of a file (blank lines ignored) when {@code spec} names an existing
	 * file, else a comma-separated list; null or empty for none.
	 *
	 * @throws IllegalArgumentException for a list with an empty or repeated name
	 * @throws IllegalArgumentException also when the file cannot be read or a single name looks like a file that does not exist
	 */
	public DatasetOptions classNames(final String spec) {
		if (spec == null || spec.isBlank()) return classNames((List<String>) null);
		final Path file = asFile(spec.trim());
		if (file == null && looksLikeFile(spec.trim())) throw new IllegalArgumentException(
			"class_names: '" + spec.trim() + "' is not a readable file (" + (Files.isDirectory(Path.of(
				spec.trim())) ? "a folder" : "no such file") + "): expected a file with one class name " +
				"per line, or a comma-separated list of names");
		final List<String> names = new ArrayList<>();
		if (file != null) {
			try {
				for (final String line : Files.readAllLines(file))
					if (!line.isBlank()) names.add(line.trim());
			}
			catch (final IOException e) {
				throw new IllegalArgumentException("class_names: cannot read '" + file + "': " + (e
					instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text" : e
						instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e
							.getMessage())) + ": expected a text file with one class name per line", e);
			}
			if (names.isEmpty()) throw new IllegalArgumentException("class_names: '" + file +
				"' holds no names: expected one class name per line");
		}
		else for (final String n : spec.split(",", -1))
			names.add(n.trim());
		return classNames(names);
	}

	/** A single name with a path separator or a file extension ({@code names.txt}): meant as a file. */
	private static boolean looksLikeFile(final String spec) {
		return !spec.contains(",") && (spec.contains("/") || spec.contains("\\") || spec.matches(
			".*\\.(txt|csv|tsv|names|lst|list|json)"));
	}

	private static Path asFile(final String spec) {
		try {
			final Path p = Path.of(spec);
			return Files.isRegularFile(p) ? p : null;
		}
		catch (final RuntimeException e) {
			return null;
		}
	}

	/**
	 * Class names in label order, or null for those the data carries (numbers for IDX).
	 *
	 * @throws IllegalArgumentException for an empty or repeated name
	 */
	public DatasetOptions classNames(final List<String> names) {
		if (names != null) {
			for (int i = 0; i < names.size(); i++) {
				if (names.get(i) == null || names.get(i).isBlank()) throw new IllegalArgumentException(
					"class_names: name " + (i + 1) + " of " + names + " is empty: expected one non-empty " +
						"name per class");
				if (names.indexOf(names.get(i)) < i) throw new IllegalArgumentException("class_names: '" +
					names.get(i) + "' appears twice: expected distinct names");
			}
		}
		return with(format, width, height, resize, convert, strict, names == null ? null : List.copyOf(
			names), labelMode, channels, part, decoder, memory);
	}

	public DatasetOptions labelMode(final LabelMode l) {
		return with(format, width, height, resize, convert, strict, classNames, Objects.requireNonNull(
			l), channels, part, decoder, memory);
	}

	/** @throws IllegalArgumentException unless fine|coarse */
	public DatasetOptions labelMode(final String l) {
		return labelMode(LabelMode.parse(l));
	}

	/**
	 * The channels the images must have (a model's: 1 or 3), or 0 for those of the data.
	 *
	 * @throws IllegalArgumentException for other values
	 */
	public DatasetOptions channels(final int c) {
		if (c != 0 && c != 1 && c != 3) throw new IllegalArgumentException("channels " + c +
			" is not allowed: expected 1 (gray), 3 (RGB) or 0 (as the data)");
		return with(format, width, height, resize, convert, strict, classNames, labelMode, c, part,
			decoder, memory);
	}

	public DatasetOptions part(final Part p) {
		return with(format, width, height, resize, convert, strict, classNames, labelMode, channels,
			Objects.requireNonNull(p), decoder, memory);
	}

	/** The decoder of image files (the ImageJ front end plugs in its own). */
	public DatasetOptions decoder(final ImageDecoder d) {
		return with(format, width, height, resize, convert, strict, classNames, labelMode, channels,
			part, Objects.requireNonNull(d), memory);
	}

	public DatasetOptions memory(final Memory m) {
		return with(format, width, height, resize, convert, strict, classNames, labelMode, channels,
			part, decoder, Objects.requireNonNull(m));
	}

	public Format dataFormat() {
		return format;
	}

	/** The image width, 0 for auto. */
	public int width() {
		return width;
	}

	/** The image height, 0 for auto. */
	public int height() {
		return height;
	}

	/** {@code WxH} or {@code auto}. */
	public String imageSize() {
		return width == 0 ? "auto" : width + "x" + height;
	}

	public Resize resize() {
		return resize;
	}

	public Convert convert() {
		return convert;
	}

	public boolean strict() {
		return strict;
	}

	/** The class names given, or null. */
	public List<String> classNames() {
		return classNames;
	}

	public LabelMode labelMode() {
		return labelMode;
	}

	/** 1, 3, or 0 for the data's. */
	public int channels() {
		return channels;
	}

	public Part part() {
		return part;
	}

	public ImageDecoder decoder() {
		return decoder;
	}

	public Memory memory() {
		return memory;
	}

	@Override
	public String toString() {
		return "data_format=" + format.key() + " image_size=" + imageSize() + " resize=" + resize
			.key() + " convert=" + convert.key() + " strict=" + strict + (classNames == null ? ""
				: " class_names=" + String.join(",", classNames)) + " label_mode=" + labelMode.key() +
			(channels == 0 ? "" : " channels=" + channels) + " part=" + part.name().toLowerCase(
				Locale.ROOT);
	}

	static <E extends Enum<E>> E parse(final Class<E> type, final String key, final String s) {
		final String t = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
		for (final E e : type.getEnumConstants())
			if (e.name().equals(t)) return e;
		final List<String> ok = new ArrayList<>();
		for (final E e : type.getEnumConstants())
			ok.add(e.name().toLowerCase(Locale.ROOT));
		throw new IllegalArgumentException(key + " '" + s + "' is not known: expected one of " + String
			.join(", ", ok));
	}
}
