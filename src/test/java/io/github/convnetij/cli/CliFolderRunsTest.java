package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;

/** {@code convolve}/{@code pool} with a folder as INPUT, whole and in shards. */
class CliFolderRunsTest {

	@TempDir
	Path dir;

	private Path images() throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in"));
		final Random r = new Random(2);
		for (final String n : new String[] { "c.png", "a.tif", "b.png", "d.gif" }) {
			final byte[] p = new byte[9 * 7];
			r.nextBytes(p);
			final ImagePlus imp = new ImagePlus(n, new ByteProcessor(9, 7, p));
			if (n.endsWith(".tif")) IJ.saveAsTiff(imp, in.resolve(n).toString());
			else if (n.endsWith(".gif")) assertTrue(new FileSaver(imp).saveAsGif(in.resolve(n).toString()));
			else assertTrue(new FileSaver(imp).saveAsPng(in.resolve(n).toString()));
		}
		Files.writeString(in.resolve("notes.txt"), "not an image");
		return in;
	}

	private static List<String> list(final Path d) throws Exception {
		try (Stream<Path> s = Files.list(d)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}

	private static float[] pixels(final Path tif) {
		return (float[]) IJ.openImage(tif.toString()).getProcessor().getPixels();
	}

	@Test
	void folderToFolderEqualsFileByFileAndShardsCoverIt() throws Exception {
		Assumptions.assumeTrue(System.getenv("SLURM_ARRAY_TASK_ID") == null);
		final Path in = images(), out = dir.resolve("out/edges");
		Files.createDirectories(out.getParent());
		CliTest.assertOk(CliTest.cli("convolve", "--kernel", "sobel-x", in.toString(), out.toString()));
		assertEquals(List.of("a.tif", "b.tif", "c.tif", "d.tif"), list(out));
		for (final String n : new String[] { "a.tif", "b.png", "c.png", "d.gif" }) {
			final Path single = dir.resolve("single-" + n + ".tif");
			CliTest.assertOk(CliTest.cli("convolve", "--kernel", "sobel-x", in.resolve(n).toString(),
				single.toString()));
			assertArrayEquals(pixels(single), pixels(out.resolve(n.substring(0, 1) + ".tif")), n);
		}
		// two shards into one folder: together every image once
		final Path pooled = dir.resolve("pooled");
		final CliTest.Result s0 = CliTest.cli("pool", "--size", "2", "--shard", "0/2", in.toString(),
			pooled.toString());
		CliTest.assertOk(s0);
		assertEquals(List.of("a.tif", "c.tif"), list(pooled));
		assertTrue(s0.out().contains("2 of 4 images written to " + pooled + " (shard 0/2)"), s0.out());
		CliTest.assertOk(CliTest.cli("pool", "--size", "2", "--shard", "1/2", in.toString(), pooled
			.toString()));
		assertEquals(List.of("a.tif", "b.tif", "c.tif", "d.tif"), list(pooled));
		assertEquals(4 * 3, pixels(pooled.resolve("b.tif")).length);
	}

	@Test
	void badShardsAndOutputsAreRefused() throws Exception {
		final Path in = images();
		final Path file = dir.resolve("x.tif");
		CliTest.Result r = CliTest.cli("convolve", "--kernel", "box", "--shard", "2/2", in.toString(),
			dir.resolve("o").toString());
		assertEquals(Cli.BAD_INPUT, r.rc());
		assertTrue(r.err().startsWith("error: --shard: '2/2' is not allowed"), r.err());
		assertFalse(Files.exists(dir.resolve("o")));
		r = CliTest.cli("convolve", "--kernel", "box", "--shard", "0/2", in.resolve("a.tif").toString(),
			file.toString());
		assertEquals(Cli.BAD_INPUT, r.rc());
		assertTrue(r.err().contains("--shard: '0/2' needs a folder as INPUT"), r.err());
		Files.writeString(file, "x");
		r = CliTest.cli("pool", in.toString(), file.toString());
		assertEquals(Cli.BAD_INPUT, r.rc());
		assertTrue(r.err().contains("OUTPUT: '" + file + "' is a file"), r.err());
		Files.copy(in.resolve("b.png"), in.resolve("b.tif"));
		r = CliTest.cli("pool", in.toString(), dir.resolve("p").toString());
		assertEquals(Cli.BAD_INPUT, r.rc());
		assertTrue(r.err().contains("'b.png' and 'b.tif' would both be written to b.tif"), r.err());
		assertFalse(Files.exists(dir.resolve("p")));
	}
}
