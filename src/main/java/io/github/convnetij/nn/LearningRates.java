package io.github.convnetij.nn;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learning-rate schedules.
 * <pre>{@code
 * LearningRates.constant();           // base
 * LearningRates.step(10, 0.1);        // base * 0.1^floor(epoch / 10)
 * LearningRates.cosine(30, 0.01);     // from base down to 0.01 * base at epoch 30, half a cosine
 * LearningRates.parse("cosine(30)");  // the same forms as text, for macros and the CLI
 * }</pre>
 */
public final class LearningRates {

	private static final Pattern FORM = Pattern.compile("\\s*([a-z]+)\\s*(?:\\(([^)]*)\\))?\\s*");

	private LearningRates() {}

	public static LearningRateSchedule constant() {
		return (base, epoch) -> base;
	}

	/**
	 * Multiplies the rate by {@code gamma} every {@code everyEpochs} whole epochs.
	 *
	 * @throws IllegalArgumentException if {@code everyEpochs < 1} or {@code gamma} is not in (0, 1]
	 */
	public static LearningRateSchedule step(final int everyEpochs, final double gamma) {
		if (everyEpochs < 1) throw new IllegalArgumentException("step schedule needs every >= 1 epoch, got " +
			everyEpochs);
		if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException(
			"step schedule needs 0 < gamma <= 1, got " + gamma);
		return (base, epoch) -> base * Math.pow(gamma, Math.floor(epoch / everyEpochs));
	}

	/**
	 * Cosine annealing from {@code base} at epoch 0 to {@code minFactor * base} at
	 * {@code totalEpochs} (and after).
	 *
	 * @throws IllegalArgumentException if {@code totalEpochs < 1} or {@code minFactor} not in [0, 1]
	 */
	public static LearningRateSchedule cosine(final int totalEpochs, final double minFactor) {
		if (totalEpochs < 1) throw new IllegalArgumentException("cosine schedule needs >= 1 epoch, got " +
			totalEpochs);
		if (!(minFactor >= 0 && minFactor <= 1)) throw new IllegalArgumentException(
			"cosine schedule needs 0 <= min factor <= 1, got " + minFactor);
		return (base, epoch) -> {
			final double t = Math.min(1, Math.max(0, epoch / totalEpochs));
			return base * (minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * t)));
		};
	}

	/**
	 * Parses {@code constant}, {@code step(every[, gamma=0.1])}, {@code cosine(epochs[, min=0])}.
	 *
	 * @throws IllegalArgumentException for other text, saying what is accepted
	 */
	public static LearningRateSchedule parse(final String text) {
		final String accepted = "accepted: constant, step(every, gamma), cosine(epochs, min_factor)";
		if (text == null) throw new IllegalArgumentException("no schedule given; " + accepted);
		final Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
		if (!m.matches()) throw new IllegalArgumentException("cannot read schedule '" + text + "'; " +
			accepted);
		final String[] args = m.group(2) == null || m.group(2).isBlank() ? new String[0] : m.group(2)
			.split(",");
		try {
			switch (m.group(1)) {
				case "constant":
					if (args.length == 0) return constant();
					break;
				case "step":
					if (args.length == 1 || args.length == 2) return step(Integer.parseInt(args[0].trim()),
						args.length > 1 ? Double.parseDouble(args[1].trim()) : 0.1);
					break;
				case "cosine":
					if (args.length == 1 || args.length == 2) return cosine(Integer.parseInt(args[0].trim()),
						args.length > 1 ? Double.parseDouble(args[1].trim()) : 0);
					break;
				default:
			}
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("bad number in schedule '" + text + "'; " + accepted, e);
		}
		throw new IllegalArgumentException("unknown schedule '" + text + "'; " + accepted);
	}
}
