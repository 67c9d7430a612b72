package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains one epoch, in a JVM started with {@code -Xmx64m}, on a folder of PNGs whose decoded
 * images take about 100 MB: the dataset must stream from disk (decoding the next batches ahead)
 * instead of running out of memory. About 5-20 s on 2 cores; part of the default suite.
 */
class StreamedTrainingTest {

	static final int SIZE = 256, PER_CLASS = 800;

	@TempDir
	Path dir;

	@Test
	void trainsOneEpochOnAFolderLargerThanTheHeap() throws Exception {
		final Random rnd = new Random(1);
		for (final String c : new String[] { "left", "right" }) {
			final Path d = Files.createDirectories(dir.resolve(c));
			final Path[] originals = new Path[4];
			for (int k = 0; k < originals.length; k++) {
				final BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
				for (int y = 0; y < SIZE; y++)
					for (int x = 0; x < SIZE; x++) {
						final boolean bright = c.equals("left") == x < SIZE / 2;
						img.getRaster().setSample(x, y, 0, (bright ? 180 : 40) + (x + y + k * 17) % 32);
					}
				originals[k] = d.resolve("orig" + k + ".png");
				ImageIO.write(img, "png", originals[k].toFile());
			}
			for (int i = originals.length; i < PER_CLASS; i++)
				Files.copy(originals[rnd.nextInt(originals.length)], d.resolve(String.format("%04d.png",
					i)));
		}
		final long decoded = 2L * PER_CLASS * SIZE * SIZE;
		assertTrue(decoded > 64L << 20, "decoded size " + decoded);
		final List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Xmx64m");
		cmd.add("-Djava.awt.headless=true");
		cmd.add("-cp");
		cmd.add(System.getProperty("java.class.path"));
		cmd.add(StreamedTrainingMain.class.getName());
		cmd.add(dir.toString());
		final Path log = dir.resolve("log.txt");
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
			.start();
		final boolean done = p.waitFor(300, TimeUnit.SECONDS);
		if (!done) p.destroyForcibly();
		final String out = Files.readString(log, StandardCharsets.UTF_8);
		assertTrue(done, "timed out: " + out);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("streamed=true images=" + 2 * PER_CLASS), out);
		assertTrue(out.contains("epochs=1"), out);
		assertTrue(out.contains("max_heap_mb=") && Integer.parseInt(out.replaceAll(
			"(?s).*max_heap_mb=(\\d+).*", "$1")) <= 64, out);
	}
}
