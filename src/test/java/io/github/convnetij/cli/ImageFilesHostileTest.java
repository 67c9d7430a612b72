package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.nn.data.ImageHeadersTestFiles;

/**
 * Hostile image files through the CLI's reader: headers are checked before ImageJ decodes, so a
 * truncated compressed strip is an error (it was read as zeros) and a compressed file declaring a
 * huge image is refused before ImageJ allocates it (it was an OutOfMemoryError).
 */
class ImageFilesHostileTest {

	@TempDir
	Path dir;

	@Test
	void truncatedLzwAndPackBitsStripsAreErrorsNotZeros() throws IOException {
		for (final String c : new String[] { "LZW", "PackBits" }) {
			final Path f = dir.resolve("cut-" + c + ".tif");
			Files.write(f, ImageHeadersTestFiles.truncated(c));
			final IOException e = assertThrows(IOException.class, () -> ImageFiles.read(f));
			assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("truncated"), e
				.getMessage());
		}
	}

	@Test
	void packBitsFileDeclaringAHugeImageIsRefusedBeforeDecoding() throws IOException {
		final Path f = dir.resolve("huge.tif");
		Files.write(f, ImageHeadersTestFiles.huge("PackBits", 30000));
		final IOException e = assertThrows(IOException.class, () -> ImageFiles.read(f));
		assertTrue(e.getMessage().contains("30000 x 30000"), e.getMessage());
	}

	@Test
	void validCompressedTiffsStillRead() throws IOException {
		for (final String c : new String[] { "LZW", "PackBits", "Deflate" }) {
			final Path f = dir.resolve("ok-" + c + ".tif");
			Files.write(f, ImageHeadersTestFiles.valid(c));
			assertTrue(ImageFiles.read(f).getWidth() == 64);
		}
	}
}
