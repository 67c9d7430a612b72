package io.github.convnetij.ops;

import java.util.List;

/**
 * Named kernels and the text kernel parser (DESIGN.md §3). All weights are correlation weights,
 * rows top to bottom.
 * <pre>{@code
 * Kernel s = Kernels.get("sobel-x");          // [-1 0 1; -2 0 2; -1 0 1]
 * Kernel g = Kernels.get("gaussian(1.5)");    // sampled, radius int(4*1.5+0.5) = 6, sum 1
 * Kernel b = Kernels.get("box(5)");           // ones(5,5)/25
 * Kernel t = Kernels.get("1 2 1; 0 0 0; -1 -2 -1");   // text: not a name, so parsed as a matrix
 * }</pre>
 */
public final class Kernels {

	private Kernels() {}

	/**
	 * A named kernel (with optional parameters in parentheses) or, if {@code spec} is not a name, a
	 * kernel parsed from matrix text.
	 *
	 * @throws IllegalArgumentException naming the bad value and what is accepted
	 */
	public static Kernel get(final String spec) {
		throw new UnsupportedOperationException("not yet");
	}

	/** A named kernel such as {@code sobel-x} or {@code gaussian(2)}. */
	public static Kernel named(final String spec) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Parses matrix text: rows by newline or ';', values by spaces, commas or tabs, planes by '|'. */
	public static Kernel parse(final String text) {
		throw new UnsupportedOperationException("not yet");
	}

	/** The kernel names, with their parameter syntax, e.g. {@code box(n)}, in display order. */
	public static List<String> names() {
		throw new UnsupportedOperationException("not yet");
	}
}
