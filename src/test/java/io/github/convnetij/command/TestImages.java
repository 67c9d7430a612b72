package io.github.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;

import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/** Test images and helpers for running commands through {@link CommandService}. */
final class TestImages {

	private TestImages() {}

	/** A float image from rows of values. */
	static ImagePlus floats(final String title, final double[][] rows) {
		final int h = rows.length, w = rows[0].length;
		final float[] p = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				p[y * w + x] = (float) rows[y][x];
		return new ImagePlus(title, new FloatProcessor(w, h, p));
	}

	/** A random hyperstack of the given ImageJ type (GRAY8, GRAY16, GRAY32, COLOR_RGB). */
	static ImagePlus random(final String title, final int type, final int w, final int h, final int c,
		final int z, final int t, final long seed)
	{
		final Random r = new Random(seed);
		final ImageStack stack = new ImageStack(w, h);
		for (int n = 0; n < c * z * t; n++) {
			switch (type) {
				case ImagePlus.GRAY8: {
					final byte[] p = new byte[w * h];
					r.nextBytes(p);
					stack.addSlice("s" + (n + 1), new ByteProcessor(w, h, p));
					break;
				}
				case ImagePlus.GRAY16: {
					final short[] p = new short[w * h];
					for (int i = 0; i < p.length; i++)
						p[i] = (short) r.nextInt(65536);
					stack.addSlice("s" + (n + 1), new ShortProcessor(w, h, p, null));
					break;
				}
				case ImagePlus.GRAY32: {
					final float[] p = new float[w * h];
					for (int i = 0; i < p.length; i++)
						p[i] = (float) (r.nextGaussian() * 10);
					stack.addSlice("s" + (n + 1), new FloatProcessor(w, h, p));
					break;
				}
				case ImagePlus.COLOR_RGB: {
					final int[] p = new int[w * h];
					for (int i = 0; i < p.length; i++)
						p[i] = 0xff000000 | r.nextInt(1 << 24);
					stack.addSlice("s" + (n + 1), new ColorProcessor(w, h, p));
					break;
				}
				default:
					throw new IllegalArgumentException("type " + type);
			}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(c, z, t);
		if ((c > 1 ? 1 : 0) + (z > 1 ? 1 : 0) + (t > 1 ? 1 : 0) > 1) imp.setOpenAsHyperStack(true);
		return imp;
	}

	/** The 32-bit float version of every plane (ImageJ's conversion, applying a calibration). */
	static ImagePlus toFloat(final ImagePlus imp) {
		final ImageStack in = imp.getStack();
		final ImageStack out = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int n = 1; n <= in.getSize(); n++) {
			final ij.process.ImageProcessor ip = in.getProcessor(n);
			ip.setCalibrationTable(imp.getCalibration().getCTable());
			out.addSlice(in.getSliceLabel(n), ip.convertToFloat());
		}
		final ImagePlus f = new ImagePlus(imp.getTitle(), out);
		f.setDimensions(imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
		return f;
	}

	/** One plane of {@code imp} (stack index n) as a float image. */
	static ImagePlus plane(final ImagePlus imp, final int n) {
		return new ImagePlus("plane", imp.getStack().getProcessor(n).convertToFloat());
	}

	static float[] pixels(final ImagePlus imp, final int n) {
		return (float[]) imp.getStack().getPixels(n);
	}

	/** Row y of a float image's first plane. */
	static float[] row(final ImagePlus imp, final int y) {
		final int w = imp.getWidth();
		final float[] r = new float[w];
		System.arraycopy(pixels(imp, 1), y * w, r, 0, w);
		return r;
	}

	static float[] f(final double... v) {
		final float[] r = new float[v.length];
		for (int i = 0; i < v.length; i++)
			r[i] = (float) v[i];
		return r;
	}

	/** Runs a command like a macro does and returns its {@code result}; fails if canceled. */
	static ImagePlus run(final CommandService cs, final Class<? extends Command> command,
		final Map<String, Object> inputs) throws InterruptedException, ExecutionException
	{
		final CommandModule m = cs.run(command, true, inputs).get();
		if (m.isCanceled()) fail("canceled: " + m.getCancelReason());
		return (ImagePlus) m.getOutput("result");
	}

	/**
	 * Runs a command that must fail and returns the message of the {@link IllegalArgumentException}
	 * it threw.
	 */
	static String error(final CommandService cs, final Class<? extends Command> command,
		final Map<String, Object> inputs) throws InterruptedException
	{
		try {
			final CommandModule m = cs.run(command, true, inputs).get();
			if (m.isCanceled()) return m.getCancelReason();
		}
		catch (final ExecutionException e) {
			for (Throwable c = e; c != null; c = c.getCause())
				if (c instanceof IllegalArgumentException) return c.getMessage();
			throw new AssertionError("expected an IllegalArgumentException", e);
		}
		throw new AssertionError("expected an error for " + inputs);
	}

	static void assertPlanesEqual(final ImagePlus expected, final int ne, final ImagePlus actual,
		final int na)
	{
		final float[] e = pixels(expected, ne), a = pixels(actual, na);
		assertEquals(e.length, a.length);
		for (int i = 0; i < e.length; i++)
			if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) fail("pixel " + i + ": " +
				e[i] + " != " + a[i]);
	}

	/** A command's inputs from alternating names and values: {@code args("kernel", "box", "boundary", "zero")}. */
	static Map<String, Object> args(final Object... kv) {
		final Map<String, Object> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put((String) kv[i], kv[i + 1]);
		return m;
	}
}
