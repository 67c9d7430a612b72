package io.github.convnetij.viz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: where pictures are kept for looking at ({@code target/viz-look}). */
final class VizLook {

	private VizLook() {}

	static Path save(final Figure f, final String name) throws IOException {
		final Path dir = Path.of("target", "viz-look");
		Files.createDirectories(dir);
		final Path p = dir.resolve(name);
		Png.write(f, p);
		return p;
	}
}
