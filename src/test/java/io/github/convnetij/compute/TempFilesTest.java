package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {

	@TempDir
	Path dir;

	@Test
	void registeredFileMovesIntoPlaceAndIsForgotten() throws IOException {
		final Path tmp = dir.resolve(".out.tmp"), out = dir.resolve("out");
		Files.writeString(tmp, "x");
		TempFiles.register(tmp);
		TempFiles.moveIntoPlace(tmp, out);
		assertTrue(Files.exists(out));
		assertFalse(Files.exists(tmp));
	}
}
