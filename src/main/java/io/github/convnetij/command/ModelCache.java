package io.github.convnetij.command;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import io.github.convnetij.viz.InspectedModel;

/**
 * The last model the "Show ..." commands (and their dialogs' layer lists) read, kept so that
 * looking at several layers in a row reads a 100 MB file once. One entry, keyed by the file's
 * absolute path, size, modification time and file key (inode: a file written again, or replaced
 * by a move, is read again), held through a
 * {@link SoftReference}: the garbage collector drops it before the heap runs out, and
 * {@link #clear()} drops it at once. It holds no setting and changes no result: a hit gives the
 * model the file would give.
 * <p>
 * Not a service of the SciJava context on purpose: the ImageJ 1.x bridge makes a context per run,
 * and the cache is for consecutive runs. The network is shared by the callers: they run it one at
 * a time ({@code synchronized (model.network())}).
 * <pre>{@code
 * InspectedModel m = ModelCache.get(Path.of("resnet50.onnx"));   // read once
 * InspectedModel again = ModelCache.get(Path.of("resnet50.onnx")); // the same instance
 * }</pre>
 */
final class ModelCache {

	private ModelCache() {}

	private record Key(Path path, long size, java.nio.file.attribute.FileTime modified, Object fileKey) {}

	private record Entry(Key key, InspectedModel model) {}

	private static SoftReference<Entry> last = new SoftReference<>(null);

	/**
	 * The model of {@code file}: the cached one when the file has not changed since, else read
	 * (and cached, replacing the last one).
	 *
	 * @throws IllegalArgumentException as {@link InspectedModel#load}
	 * @throws IOException as {@link InspectedModel#load}
	 */
	static InspectedModel get(final Path file) throws IOException {
		final Key key = key(file);
		synchronized (ModelCache.class) {
			final Entry e = last.get();
			if (e != null && e.key().equals(key)) return e.model();
			// the old model goes before the new one is read: never two large models at once
			last = new SoftReference<>(null);
		}
		final InspectedModel m = InspectedModel.load(file);
		synchronized (ModelCache.class) {
			last = new SoftReference<>(new Entry(key, m));
		}
		return m;
	}

	/** The cached model of {@code file} if it is the last one read and unchanged, else null. */
	static InspectedModel peek(final Path file) {
		final Key key;
		try {
			key = key(file);
		}
		catch (final IOException e) {
			return null;
		}
		synchronized (ModelCache.class) {
			final Entry e = last.get();
			return e != null && e.key().equals(key) ? e.model() : null;
		}
	}

	/** Drops the cached model. */
	static synchronized void clear() {
		last = new SoftReference<>(null);
	}

	private static Key key(final Path file) throws IOException {
		final Path abs = Objects.requireNonNull(file).toAbsolutePath().normalize();
		final BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
		return new Key(abs, a.size(), a.lastModifiedTime(), a.fileKey());
	}
}
