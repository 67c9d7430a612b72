package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

/**
 * One headless patched ImageJ 1.x with ConvNet-IJ installed, shared by the tests of this package
 * (starting one costs seconds: ij1-patcher rewrites ImageJ's classes), and helpers to compare what
 * macros saved with what the Java API computes. Tests leave no image open.
 */
final class SharedImageJ {

	private static LegacyImageJ instance;

	private SharedImageJ() {}

	/** The shared ImageJ, started on first use, closed when the test JVM exits. */
	static synchronized LegacyImageJ get() {
		if (instance == null) {
			instance = LegacyImageJ.headless();
			final LegacyImageJ ij = instance;
			Runtime.getRuntime().addShutdownHook(new Thread(ij::close));
		}
		return instance;
	}

	/** Runs {@code macro} (after closing every image) and fails with the macro's error, if any. */
	static void run(final String macro, final String argument) {
		final LegacyImageJ.Outcome o = get().runMacro("close('*');\n" + macro + "\nclose('*');",
			argument);
		assertFalse(o.failed(), () -> "macro failed in line " + (o.line() - 1) + ": " + o.message());
	}

	/** Runs {@code macro} (after closing every image) and returns how it ended. */
	static LegacyImageJ.Outcome outcome(final String macro) {
		return get().runMacro("close('*');\n" + macro + "\nclose('*');", "");
	}

	/** A macro string literal for {@code path}. */
	static String quote(final Path path) {
		return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** Reads a TIFF a macro wrote (in this class loader's ImageJ). */
	static ImagePlus open(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		assertNotNull(imp, () -> "cannot open " + tif);
		return imp;
	}

	/** Asserts same dimensions, type, slice labels and bitwise the same pixels. */
	static void assertSameImage(final ImagePlus expected, final ImagePlus actual) {
		assertEquals(expected.getWidth(), actual.getWidth(), "width");
		assertEquals(expected.getHeight(), actual.getHeight(), "height");
		assertEquals(expected.getNChannels(), actual.getNChannels(), "channels");
		assertEquals(expected.getNSlices(), actual.getNSlices(), "slices");
		assertEquals(expected.getNFrames(), actual.getNFrames(), "frames");
		assertEquals(expected.getBitDepth(), actual.getBitDepth(), "bit depth");
		final ImageStack e = expected.getStack(), a = actual.getStack();
		for (int n = 1; n <= e.getSize(); n++) {
			final Object pe = e.getPixels(n), pa = a.getPixels(n);
			if (pe instanceof float[]) assertTrue(java.util.Arrays.equals((float[]) pe, (float[]) pa),
				"pixels of plane " + n);
			else if (pe instanceof int[]) assertTrue(java.util.Arrays.equals((int[]) pe, (int[]) pa),
				"pixels of plane " + n);
			else if (pe instanceof short[]) assertTrue(java.util.Arrays.equals((short[]) pe,
				(short[]) pa), "pixels of plane " + n);
			else assertTrue(java.util.Arrays.equals((byte[]) pe, (byte[]) pa), "pixels of plane " + n);
		}
	}
}
