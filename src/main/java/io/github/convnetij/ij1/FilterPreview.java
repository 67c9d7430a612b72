package io.github.convnetij.ij1;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.scijava.module.Module;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.convnetij.compute.Progress;

/**
 * The live preview of a filter dialog, as ImageJ's <i>Convolve...</i> shows it: the command runs on
 * the displayed plane (with the selection) in a background thread whenever a value changes, and
 * the result is drawn into the image itself until the dialog closes, when the original pixels and
 * display range are put back. An 8- or 16-bit image shows the (32-bit) result stretched over its
 * range, as the result's window will show it. A result of another size (pooling, or
 * {@code output_size=valid}), or a named output (Augment's montage), is shown in a separate
 * preview window instead. Only the latest values are computed, with ImageJ's progress bar (Esc
 * stops a long one). A preview is never left stale: when the values become invalid
 * ({@link #invalidate()}) or the computation fails, the original is put back and the preview
 * window closed, and the whole reason goes to the dialog.
 * <pre>{@code
 * FilterPreview p = new FilterPreview(command, imageInput, imp, null, problem -> ...);
 * p.update(values); // on each dialog change with the preview checked
 * p.invalidate();   // the values are invalid: original back, no stale result
 * p.stop();         // preview off, canceled or OK: original pixels back
 * }</pre>
 */
final class FilterPreview {

	private final BridgedCommand command;
	private final CommandInput imageInput;
	private final ImagePlus imp;
	private final ImageProcessor original;
	private final double displayMin, displayMax;
	private final AtomicReference<Map<String, Object>> pending = new AtomicReference<>();
	/** Changed by every update and invalidation: a result of older values is not drawn. */
	private final AtomicLong generation = new AtomicLong();
	private final String output;
	private final Consumer<String> problem;
	private ExecutorService worker;
	private ImagePlus window;
	private boolean drawn;

	/**
	 * @param output the image output to show, always in a window of its own; null for the first
	 *          image output, drawn into the image when it has the image's size
	 * @param problem told the reason when a preview cannot be computed, null when one was shown
	 */
	FilterPreview(final BridgedCommand command, final CommandInput imageInput, final ImagePlus imp,
		final String output, final Consumer<String> problem)
	{
		this.command = command;
		this.imageInput = imageInput;
		this.imp = imp;
		this.output = output;
		this.problem = problem;
		this.original = imp.getProcessor().duplicate();
		this.displayMin = imp.getDisplayRangeMin();
		this.displayMax = imp.getDisplayRangeMax();
	}

	/** Computes the preview for {@code values} in the background (the latest values win). */
	synchronized void update(final Map<String, Object> values) {
		if (worker == null) worker = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "ConvNet-IJ preview");
			t.setDaemon(true);
			return t;
		});
		generation.incrementAndGet();
		if (pending.getAndSet(values) == null) worker.execute(this::drain);
	}

	private void drain() {
		for (Map<String, Object> v; (v = pending.getAndSet(null)) != null;) {
			try {
				final Map<String, Object> values = v;
				final long g = generation.get();
				final ImagePlus result = Progress.run(CommandBridge.PROGRESS, () -> compute(values));
				synchronized (this) {
					if (generation.get() != g) continue; // invalidated, or newer values follow
					draw(result);
				}
				problem.accept(null);
			}
			catch (final RuntimeException e) {
				invalidate();
				if (CommandBridge.cancelled(e)) {
					IJ.resetEscape();
					problem.accept("stopped (Esc): change a value to compute it again");
				}
				else {
					final String m = CommandBridge.userMessage(e);
					problem.accept(m == null ? e.toString() : m);
				}
			}
			finally {
				IJ.showProgress(1.0);
			}
		}
	}

	/** The command's first image output for the displayed plane. */
	private ImagePlus compute(final Map<String, Object> values) {
		final ImagePlus plane = new ImagePlus(imp.getTitle(), original.duplicate());
		plane.setCalibration(imp.getCalibration());
		final Roi roi = imp.getRoi();
		if (roi != null) plane.setRoi((Roi) roi.clone());
		final Map<String, Object> v = new LinkedHashMap<>(values);
		v.put(imageInput.key(), plane);
		final Module m = command.run(v);
		if (output != null) {
			final Object o = m.getOutput(output);
			if (o instanceof ImagePlus) return (ImagePlus) o;
		}
		else for (final Object o : command.outputs(m).values())
			if (o instanceof ImagePlus && o != plane) return (ImagePlus) o;
		throw new IllegalArgumentException("no image to preview");
	}

	private synchronized void draw(final ImagePlus result) {
		final ImageProcessor r = result.getProcessor();
		final ImageProcessor ip = imp.getProcessor();
		if (output == null && r.getWidth() == ip.getWidth() && r.getHeight() == ip.getHeight() &&
			result.getStackSize() == 1) {
			closeWindow();
			if (ip instanceof ColorProcessor && r instanceof ColorProcessor) System.arraycopy(r
				.getPixels(), 0, ip.getPixels(), 0, ip.getPixelCount());
			else if (ip instanceof FloatProcessor) {
				System.arraycopy(r.convertToFloatProcessor().getPixels(), 0, ip.getPixels(), 0, ip
					.getPixelCount());
				ip.resetMinAndMax();
			}
			else {
				// 8/16-bit: the result's range stretched over the type's, as its 32-bit window shows it
				final FloatProcessor fp = r.convertToFloatProcessor();
				fp.resetMinAndMax();
				final double lo = fp.getMin(), hi = fp.getMax(), top = ip.maxValue();
				fp.subtract(lo);
				fp.multiply(hi > lo ? top / (hi - lo) : 0);
				ip.setPixels(0, fp);
				ip.setMinAndMax(0, top);
			}
			drawn = true;
			imp.updateAndDraw();
		}
		else {
			restore();
			if (window == null) {
				window = new ImagePlus("Preview of " + result.getTitle(), r);
				window.show();
			}
			else window.setProcessor(r);
			if (result.getType() != ImagePlus.COLOR_RGB) window.resetDisplayRange();
			window.updateAndDraw();
		}
	}

	/** Ends the preview: waits for a computation under way, puts the original pixels back. */
	void stop() {
		final ExecutorService w;
		synchronized (this) {
			w = worker;
			worker = null;
			pending.set(null);
		}
		if (w != null) {
			w.shutdown();
			try {
				w.awaitTermination(1, TimeUnit.MINUTES);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (this) {
			restore();
			closeWindow();
		}
	}

	/**
	 * The values are invalid (or the preview failed): the original pixels back and the preview
	 * window closed, so that nothing on screen pretends to be the result of the current values.
	 * Computations under way are dropped.
	 */
	synchronized void invalidate() {
		generation.incrementAndGet();
		pending.set(null);
		restore();
		closeWindow();
	}

	private void restore() {
		if (!drawn) return;
		final ImageProcessor ip = imp.getProcessor();
		System.arraycopy(original.getPixels(), 0, ip.getPixels(), 0, ip.getPixelCount());
		imp.setDisplayRange(displayMin, displayMax);
		imp.updateAndDraw();
		drawn = false;
	}

	private void closeWindow() {
		if (window == null) return;
		window.changes = false;
		window.close();
		window = null;
	}
}
