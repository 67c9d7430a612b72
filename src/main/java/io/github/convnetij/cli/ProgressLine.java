package io.github.convnetij.cli;

import java.io.PrintStream;
import java.util.Locale;

import io.github.convnetij.compute.Progress;

/**
 * A progress line on a terminal: {@code Convolve Image: 42%}, rewritten in place ({@code \r}) as
 * the core reports, and erased by {@link #done()}. The CLI uses it only when standard error is a
 * console, so scripts and batch jobs see no progress output. It never cancels (Ctrl-C ends the
 * process).
 */
final class ProgressLine implements Progress.Listener {

	private final PrintStream out;
	private final String title;
	private int shown = -1;
	private int width;

	ProgressLine(final PrintStream out, final String title) {
		this.out = out;
		this.title = title;
	}

	@Override
	public synchronized void progress(final double done) {
		final int percent = (int) Math.max(0, Math.min(100, Math.floor(done * 100)));
		if (percent == shown) return;
		shown = percent;
		final String line = String.format(Locale.ROOT, "%s: %d%%", title, percent);
		width = Math.max(width, line.length());
		out.print("\r" + line);
		out.flush();
	}

	@Override
	public boolean cancelled() {
		return false;
	}

	/** Erases the line, if anything was shown. */
	synchronized void done() {
		if (shown < 0) return;
		out.print("\r" + " ".repeat(width) + "\r");
		out.flush();
		shown = -1;
	}
}
