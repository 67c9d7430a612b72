package io.github.convnetij.nn.predict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1,000 ImageNet (ILSVRC-2012) class names in the order of the outputs of torchvision's
 * ImageNet classifiers, shipped with the plugin ({@code imagenet-classes.txt} beside this class,
 * one name per line, written by {@code src/test/python/write_imagenet_classes.py} from
 * torchvision's own metadata). A classifier with 1,000 outputs and no class names takes them;
 * one with 1,001 outputs takes {@code background} first, then the 1,000 (as TensorFlow's slim
 * models number them).
 * <pre>{@code
 * List<String> names = ImageNetClasses.names();   // names.get(0) is "tench"
 * List<String> forK = ImageNetClasses.forOutputs(1001); // "background", "tench", ...; null for other counts
 * }</pre>
 */
public final class ImageNetClasses {

	/** The resource beside this class. */
	static final String RESOURCE = "imagenet-classes.txt";

	/** The name of the extra first class of models with 1,001 outputs. */
	public static final String BACKGROUND = "background";

	private static List<String> names;

	private ImageNetClasses() {}

	/** The 1,000 names, in output order. */
	public static synchronized List<String> names() {
		if (names == null) {
			try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
				if (in == null) throw new IOException(RESOURCE + " is missing from the plugin");
				final List<String> l = new ArrayList<>(1000);
				for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
					if (!line.isEmpty()) l.add(line);
				if (l.size() != 1000) throw new IOException(RESOURCE + " holds " + l.size() +
					" names, not 1000");
				names = List.copyOf(l);
			}
			catch (final IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return names;
	}

	/**
	 * The ImageNet names for a classifier with {@code outputs} outputs: the 1,000 for 1,000,
	 * {@code background} and the 1,000 for 1,001; otherwise null.
	 */
	public static List<String> forOutputs(final int outputs) {
		if (outputs == 1000) return names();
		if (outputs != 1001) return null;
		final List<String> l = new ArrayList<>(1001);
		l.add(BACKGROUND);
		l.addAll(names());
		return List.copyOf(l);
	}
}
