package io.github.convnetij.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed and regression inputs of the IDX and image-header fuzz targets, when run with
 * {@code -Dwrite.fuzz.inputs=src/test/resources/io/github/convnetij/fuzz/ParsersFuzzTestInputs}.
 */
@EnabledIfSystemProperty(named = "write.fuzz.inputs", matches = ".+")
class DataFuzzInputs {

	@Test
	void write() throws IOException {
		final Path root = Path.of(System.getProperty("write.fuzz.inputs"));
		final Path idx = Files.createDirectories(root.resolve("idx"));
		final byte[] raw = new byte[16 + 60];
		System.arraycopy(IdxHostileTest.header(4, 5, 3), 0, raw, 0, 16);
		for (int i = 16; i < raw.length; i++)
			raw[i] = (byte) (i * 37);
		Files.write(idx.resolve("seed-images-idx3-ubyte"), raw);
		Files.write(idx.resolve("seed-images-idx3-ubyte.gz"), IdxHostileTest.gzipMember(IdxHostileTest
			.header(4, 5, 3), 60));
		Files.write(idx.resolve("regression-two-byte-gzip"), new byte[] { 0x1f, (byte) 0x8b });
		Files.write(idx.resolve("regression-declares-more-than-held"), IdxHostileTest.header(20_000,
			1000, 100));
		IdxHostileTest.bomb(idx.resolve("regression-gzip-declares-beyond-heap.gz"), IdxHostileTest
			.header(15_000, 1000, 100), 20);
		IdxHostileTest.bomb(idx.resolve("regression-gzip-inflates-beyond-data.gz"), IdxHostileTest
			.header(10), 100);
		final Path img = Files.createDirectories(root.resolve("imageHeaders"));
		for (final String c : new String[] { "LZW", "PackBits", "Deflate" }) {
			Files.write(img.resolve("seed-" + c + ".tif"), ImageHeadersTestFiles.valid(c));
			Files.write(img.resolve("regression-truncated-" + c + ".tif"), ImageHeadersTestFiles
				.truncated(c));
			Files.write(img.resolve("regression-huge-" + c + ".tif"), ImageHeadersTestFiles.huge(c,
				30000));
		}
		Files.write(img.resolve("seed-uncompressed.tif"), ImageHeadersTestFiles.valid(null));
		final ByteArrayOutputStream png = new ByteArrayOutputStream();
		ImageIO.write(ImageHeadersTest.gray(20, 10), "png", png);
		final byte[] p = png.toByteArray();
		Files.write(img.resolve("seed.png"), p);
		final byte[] huge = p.clone();
		java.nio.ByteBuffer.wrap(huge).putInt(16, 60000).putInt(20, 60000);
		Files.write(img.resolve("regression-huge.png"), huge);
		Files.write(img.resolve("regression-truncated.png"), Arrays.copyOf(p, 40));
		Files.write(img.resolve("seed.txt"), "1 2 3\n4 5 6\n".getBytes());
	}
}
