package io.github.convnetij.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDatasetsTest {

	@TempDir
	Path dir;

	private IllegalArgumentException fails(final org.junit.jupiter.api.function.Executable e) {
		return assertThrows(IllegalArgumentException.class, e);
	}

	@Test
	void folderPairsForTrainingAndTesting() throws IOException {
		TestIdx.write(dir, "train", 30, 8, 9, 3, 1, true);
		TestIdx.write(dir, "t10k", 12, 8, 9, 3, 2, false);
		final ImageDataset train = ImageDatasets.forTraining(dir);
		final ImageDataset test = ImageDatasets.forTesting(dir);
		assertEquals(30, train.size());
		assertEquals(12, test.size());
		assertEquals(1, train.channels());
		assertEquals(8, train.height());
		assertEquals(9, train.width());
		assertEquals(3, train.numClasses());
		final IdxArray[] expected = TestIdx.make(30, 8, 9, 3, 1);
		for (int i = 0; i < 30; i++) {
			assertEquals(expected[1].data()[i], train.label(i));
			assertEquals(expected[0].data()[i * 72 + 5 * 9 + 4] & 0xFF, train.pixel(i, 0, 5, 4));
		}
		// one file of a pair finds the other, either way round
		assertEquals(12, ImageDatasets.forTraining(dir.resolve("t10k-labels-idx1-ubyte")).size());
		assertEquals(30, ImageDatasets.forTesting(dir.resolve("train-images-idx3-ubyte.gz")).size());
		assertTrue(ImageDatasets.hasTestPair(dir));
	}

	@Test
	void singlePairOfAnyPrefixAndMissingPartner() throws IOException {
		TestIdx.write(dir, "cells", 10, 4, 4, 2, 1, false);
		assertEquals(10, ImageDatasets.forTraining(dir).size());
		assertEquals(10, ImageDatasets.forTesting(dir).size());
		Files.delete(dir.resolve("cells-labels-idx1-ubyte"));
		final IllegalArgumentException e = fails(() -> ImageDatasets.forTraining(dir));
		assertTrue(e.getMessage().contains("cells-images-idx3-ubyte") && e.getMessage().contains(
			"cells-labels-idx1-ubyte"), e.getMessage());
		final IllegalArgumentException f = fails(() -> ImageDatasets.forTraining(dir.resolve(
			"cells-images-idx3-ubyte")));
		assertTrue(f.getMessage().contains("no labels file"), f.getMessage());
		TestIdx.write(dir, "a", 5, 4, 4, 2, 1, false);
		TestIdx.write(dir, "b", 5, 4, 4, 2, 1, false);
		final IllegalArgumentException g = fails(() -> ImageDatasets.forTesting(dir));
		assertTrue(g.getMessage().contains("t10k-*") && g.getMessage().contains("[a, b, cells]"), g
			.getMessage());
		final Path empty = Files.createDirectory(dir.resolve("empty"));
		assertTrue(fails(() -> ImageDatasets.forTraining(empty)).getMessage().contains(
			"no MNIST-style"));
		assertTrue(fails(() -> ImageDatasets.forTraining(dir.resolve("nope"))).getMessage().contains(
			"does not exist"));
	}

	@Test
	void countMismatchEmptyAndSwappedFiles() throws IOException {
		final IdxArray[] a = TestIdx.make(10, 4, 4, 2, 1);
		final Path im = dir.resolve("x-images-idx3-ubyte");
		final Path lb = dir.resolve("x-labels-idx1-ubyte");
		Idx.write(im, a[0], false);
		Idx.write(lb, new IdxArray(new int[] { 9 }, java.util.Arrays.copyOf(a[1].data(), 9)), false);
		final IllegalArgumentException e = fails(() -> ImageDatasets.fromIdx(im, lb));
		assertTrue(e.getMessage().contains("9 labels") && e.getMessage().contains("10 images"), e
			.getMessage());
		final IllegalArgumentException s = fails(() -> ImageDatasets.fromIdx(lb, im));
		assertTrue(s.getMessage().contains("labels file"), s.getMessage());
		Idx.write(im, new IdxArray(new int[] { 0, 4, 4 }, new byte[0]), false);
		Idx.write(lb, new IdxArray(new int[] { 0 }, new byte[0]), false);
		final IllegalArgumentException z = fails(() -> ImageDatasets.fromIdx(im, lb));
		assertTrue(z.getMessage().contains("no image data") && z.getMessage().contains("0 x 4 x 4"), z
			.getMessage());
	}

	@Test
	void splitIsSeededDisjointAndShares() {
		final IdxArray[] a = TestIdx.make(100, 3, 3, 5, 1);
		final int[] labels = new int[100];
		for (int i = 0; i < 100; i++)
			labels[i] = a[1].data()[i];
		final ImageDataset all = ImageDataset.of(a[0].data(), labels, 1, 3, 3, "test");
		final Dataset.Split s = all.split(0.2, 7);
		// stratified: round(0.2 * count) of each class
		final int[] count = new int[5];
		for (final int l : labels)
			count[l]++;
		int expectVal = 0;
		for (final int c : count)
			expectVal += Math.round(c * 0.2);
		assertEquals(100 - expectVal, s.training().size());
		assertEquals(expectVal, s.validation().size());
		for (int c = 0; c < 5; c++) {
			int v = 0;
			for (final int l : s.validation().labels())
				if (l == c) v++;
			assertEquals(Math.round(count[c] * 0.2), v, "class " + c);
		}
		assertTrue(((ImageDataset) s.training()).sharesPixelsWith(all));
		final boolean[] seen = new boolean[100];
		final float[] x = new float[9], y = new float[9];
		for (final Dataset part : new Dataset[] { s.training(), s.validation() })
			for (int i = 0; i < part.size(); i++) {
				part.copyImage(i, x, 0);
				// find which original image it is, by content and label
				int found = -1;
				for (int j = 0; j < 100 && found < 0; j++) {
					all.copyImage(j, y, 0);
					if (java.util.Arrays.equals(x, y) && all.label(j) == part.label(i)) found = j;
				}
				assertTrue(found >= 0 && !seen[found]);
				seen[found] = true;
			}
		final Dataset.Split again = all.split(0.2, 7);
		assertArrayEquals(s.validation().labels(), again.validation().labels());
		assertEquals(0, all.split(0, 7).validation().size());
		assertTrue(fails(() -> all.split(1.0, 1)).getMessage().contains("[0, 1)"));
		assertTrue(fails(() -> all.split(0.001, 1)).getMessage().contains("no image for validation"));
	}
}
