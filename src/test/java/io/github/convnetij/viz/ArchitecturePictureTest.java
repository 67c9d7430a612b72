package io.github.convnetij.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;

/** Architecture pictures and tables. */
class ArchitecturePictureTest {

	static final String CIFAR = "conv(32,3,pad=same), relu, conv(32,3,pad=same), relu, maxpool(2), " +
		"conv(64,3,pad=same), relu, conv(64,3,pad=same), relu, maxpool(2), conv(128,3,pad=same), relu, " +
		"conv(128,3,pad=same), relu, maxpool(2), flatten, dense(512), relu, dropout(0.5), dense(100), softmax";

	@TempDir
	Path dir;

	@Test
	void cifarStyleNetworkHasOneLabelledRowPerLayer() throws IOException {
		final Network net = Architectures.parse(CIFAR, new int[] { 3, 32, 32 }, 100);
		final List<LayerSummary> layers = LayerSummary.of(net);
		assertEquals(net.nodes().size() + 1, layers.size());
		assertEquals("conv 3x3, 32", layers.get(1).label());
		assertEquals("maxpool 2x2", layers.get(5).label());
		assertEquals(List.of(32, 16, 16), List.of(layers.get(5).shape()[0], layers.get(5).shape()[1],
			layers.get(5).shape()[2]));
		final String table = LayerSummary.table(layers);
		// written by hand from the architecture: 3x32x32 -> ... -> 128x4x4 -> 2048 -> 512 -> 100
		for (final String line : new String[] { "conv 3x3, 32", "32x32x32", "maxpool 2x2", "32x16x16",
			"64x8x8", "128x4x4", "flatten", "2048", "dense 512", "dense 100", "softmax" })
			assertTrue(table.contains(line), line + " in\n" + table);

		final Figure f = ArchitecturePicture.draw(layers, "CIFAR-100-style CNN");
		assertEquals(layers.size(), ArchitecturePicture.rows(layers).size());
		final Path png = dir.resolve("arch.png");
		Png.write(f, png);
		VizLook.save(f, "architecture-cifar.png");
		final BufferedImage back = ImageIO.read(png.toFile());
		assertEquals(f.width(), back.getWidth());
		assertEquals(f.height(), back.getHeight());
		assertTrue(back.getHeight() > 40 * layers.size(), "a row per layer");
		assertTrue(VizTests.colours(back) > 20, "not blank");
		final Map<String, String> text = Png.readText(png);
		assertEquals("CIFAR-100-style CNN", text.get(Figure.TITLE));
		assertEquals(table, text.get(ArchitecturePicture.TABLE_KEY));
	}

	@Test
	void residualBlocksCollapseIntoGroupsWithTheirMerges() throws IOException {
		final StringBuilder sb = new StringBuilder("conv(16,3,pad=same), b0:relu");
		for (int b = 0; b < 12; b++)
			sb.append(", conv(16,3,pad=same), batchnorm, relu, conv(16,3,pad=same), batchnorm, add(b")
				.append(b).append("), b").append(b + 1).append(":relu");
		sb.append(", maxpool(2), conv(32,3,pad=same), relu, globalavgpool, flatten, dense(10), softmax");
		final Network net = Architectures.parse(sb.toString(), new int[] { 3, 32, 32 }, 10);
		final List<LayerSummary> layers = LayerSummary.of(net);
		assertTrue(layers.size() > ArchitecturePicture.MAX_ROWS);
		final List<ArchitecturePicture.Row> rows = ArchitecturePicture.rows(layers);
		assertTrue(rows.size() < 15, rows.size() + " rows");
		final ArchitecturePicture.Row block = rows.stream().filter(r -> r.repeats > 1).findFirst()
			.orElseThrow();
		assertEquals("block x 12", block.label);
		assertTrue(block.detail.contains("add"), block.detail);
		final Figure f = ArchitecturePicture.draw(layers, "Residual network (collapsed)");
		VizLook.save(f, "architecture-resnet.png");
		assertTrue(f.text().get(ArchitecturePicture.TABLE_KEY).contains("add"));

		// a short residual network is drawn uncollapsed with its branch arrows
		final Network small = Architectures.parse("conv(8,3,pad=same), b0:relu, conv(8,3,pad=same), " +
			"relu, conv(8,3,pad=same), add(b0), relu, flatten, dense(10), softmax", new int[] { 1, 8, 8 },
			10);
		final List<ArchitecturePicture.Row> r2 = ArchitecturePicture.rows(LayerSummary.of(small));
		assertEquals(List.of(5, 2), r2.get(6).inputs, "add reads the conv above and the branch");
		VizLook.save(ArchitecturePicture.draw(LayerSummary.of(small), "Residual block"),
			"architecture-branch.png");
	}

	@Test
	void badListsAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> ArchitecturePicture.draw(List.of(), "x"));
		final List<LayerSummary> bad = List.of(new LayerSummary("input", "input", "input", new int[] {
			1, 4, 4 }, List.of()), new LayerSummary("a", "relu", "relu", new int[] { 1, 4, 4 }, List.of(
				"nope")));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ArchitecturePicture.draw(bad, "x"));
		assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
	}
}
