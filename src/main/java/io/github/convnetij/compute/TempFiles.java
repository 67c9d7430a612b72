package io.github.convnetij.compute;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Temporary files of outputs being written, removed when the JVM shuts down (SIGTERM, SIGINT,
 * {@code System.exit}) before they were moved into place; once shutdown has begun, no temporary
 * file is moved into place any more, so a command stopped by a signal leaves neither a temporary
 * file nor a new output behind.
 * <pre>{@code
 * Path tmp = Files.createTempFile(dir, ".out.tif", ".tmp");
 * TempFiles.register(tmp);
 * ... write tmp ...
 * TempFiles.moveIntoPlace(tmp, target);   // atomically where the file system allows
 * }</pre>
 */
public final class TempFiles {

	private static final Object LOCK = new Object();
	private static final Set<Path> LIVE = new LinkedHashSet<>();
	private static boolean hooked, shuttingDown;

	private TempFiles() {}

	/** Registers a temporary file to be removed if the JVM shuts down before it is moved. */
	public static void register(final Path tmp) {
		synchronized (LOCK) {
			if (!hooked) {
				hooked = true;
				Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::removeAll,
					"convnet-ij temp files"));
			}
			LIVE.add(tmp.toAbsolutePath());
		}
	}

	/** Forgets a registered file (e.g. after deleting it on failure). */
	public static void forget(final Path tmp) {
		synchronized (LOCK) {
			LIVE.remove(tmp.toAbsolutePath());
		}
	}

	/**
	 * Moves a registered temporary file onto {@code target} (atomically where the file system
	 * allows, replacing it) and forgets it.
	 *
	 * @throws IOException when the move fails, or when the JVM is shutting down (the temporary file
	 *           is then removed and {@code target} untouched)
	 */
	public static void moveIntoPlace(final Path tmp, final Path target) throws IOException {
		synchronized (LOCK) {
			if (shuttingDown) {
				Files.deleteIfExists(tmp);
				throw new IOException("stopped: the program is shutting down, " + target +
					" was not written");
			}
			try {
				Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			LIVE.remove(tmp.toAbsolutePath());
		}
	}

	private static void removeAll() {
		synchronized (LOCK) {
			shuttingDown = true;
			for (final Path p : LIVE) {
				try {
					Files.deleteIfExists(p);
				}
				catch (final IOException | RuntimeException e) {
					// best effort: the JVM is going away
				}
			}
			LIVE.clear();
		}
	}
}
