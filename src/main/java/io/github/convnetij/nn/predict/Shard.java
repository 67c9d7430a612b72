package io.github.convnetij.nn.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One share of a list of files for a cluster job: shard {@code index} of {@code count} (0-based)
 * takes the items whose position in the sorted list is {@code index} modulo {@code count}, so the
 * shards {@code 0/N .. (N-1)/N} together take every item exactly once, and sizes differ by at
 * most one.
 * <p>
 * Without an explicit {@code --shard I/N}, a task of a SLURM array job takes its shard from the
 * environment ({@link #fromSlurm}): {@code I = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) /
 * SLURM_ARRAY_TASK_STEP}, {@code N = SLURM_ARRAY_TASK_COUNT}. An array whose ids are not evenly
 * spaced (such as {@code --array=1,2,9}) cannot be mapped and is refused, asking for
 * {@code --shard}.
 * <pre>{@code
 * Shard s = Shard.parse("1/4");
 * List<Path> mine = s.select(List.of(a, b, c, d, e, f)); // b, f
 * Shard t = Shard.resolve(null, System.getenv(), System.err::println);
 * }</pre>
 *
 * @param index 0-based, {@code 0 <= index < count}
 * @param count number of shards, {@code >= 1}
 */
public record Shard(int index, int count) {

	/** The whole list: shard 0 of 1. */
	public static final Shard ALL = new Shard(0, 1);

	/** Environment variables of a SLURM array task. */
	public static final String TASK_ID = "SLURM_ARRAY_TASK_ID", TASK_MIN = "SLURM_ARRAY_TASK_MIN",
			TASK_MAX = "SLURM_ARRAY_TASK_MAX", TASK_STEP = "SLURM_ARRAY_TASK_STEP",
			TASK_COUNT = "SLURM_ARRAY_TASK_COUNT";

	private static final Pattern FORM = Pattern.compile("\\s*(-?\\d{1,10})\\s*/\\s*(-?\\d{1,10})\\s*");
	private static final String ACCEPTED =
		"expected I/N with 0 <= I < N (0-based shard I of N), such as 0/4";

	/** @throws IllegalArgumentException unless {@code 0 <= index < count} */
	public Shard {
		if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("'" + index +
			"/" + count + "' is not allowed: " + ACCEPTED);
	}

	/**
	 * Parses {@code I/N}.
	 *
	 * @throws IllegalArgumentException for another form or numbers out of range, naming the text
	 */
	public static Shard parse(final String text) {
		final Matcher m = FORM.matcher(text == null ? "" : text);
		if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a shard: " +
			ACCEPTED);
		final long i = Long.parseLong(m.group(1)), n = Long.parseLong(m.group(2));
		if (n < 1 || n > Integer.MAX_VALUE || i < 0 || i >= n) throw new IllegalArgumentException("'" +
			text.trim() + "' is not allowed: " + ACCEPTED);
		return new Shard((int) i, (int) n);
	}

	/**
	 * The shard of a SLURM array task, from its environment, or null outside an array job (no
	 * {@code SLURM_ARRAY_TASK_ID}).
	 *
	 * @param env the environment, e.g. {@code System.getenv()}
	 * @throws IllegalArgumentException when the variables are missing, not numbers, or describe
	 *           an array whose ids are not evenly spaced from MIN by STEP (a list such as
	 *           {@code --array=1,2,9}): the message asks for {@code --shard}
	 */
	public static Shard fromSlurm(final Map<String, String> env) {
		final String id = env.get(TASK_ID);
		if (id == null || id.isBlank()) return null;
		final long task = number(env, TASK_ID, null), min = number(env, TASK_MIN, null);
		final long step = number(env, TASK_STEP, 1L), count = number(env, TASK_COUNT, null);
		final String vars = describe(env);
		final String ask = ": cannot map this array task to a shard; give --shard I/N explicitly " +
			"(I = this task's 0-based number, N = the number of tasks)";
		if (step < 1 || count < 1 || count > Integer.MAX_VALUE || task < min) throw new
			IllegalArgumentException("SLURM array " + vars + ask);
		if ((task - min) % step != 0) throw new IllegalArgumentException("SLURM array " + vars +
			" is not evenly spaced" + ask);
		final long index = (task - min) / step;
		if (index >= count) throw new IllegalArgumentException("SLURM array " + vars +
			" is not evenly spaced (task " + (index + 1) + " of " + count + ")" + ask);
		final String max = env.get(TASK_MAX);
		if (max != null && !max.isBlank() && number(env, TASK_MAX, null) != min + (count - 1) * step)
			throw new IllegalArgumentException("SLURM array " + vars + " is not evenly spaced" + ask);
		return new Shard((int) index, (int) count);
	}

	/**
	 * The shard to work on: {@code option} ({@code I/N}) when given, else that of a SLURM array
	 * task (announced through {@code announce}, e.g. to stderr), else {@link #ALL}.
	 *
	 * @param option the text of {@code --shard}, or null
	 * @param env the environment, e.g. {@code System.getenv()}
	 * @param announce receives one line when the shard comes from SLURM, or null
	 */
	public static Shard resolve(final String option, final Map<String, String> env,
		final Consumer<String> announce)
	{
		if (option != null && !option.isBlank()) return parse(option);
		final Shard s = fromSlurm(env);
		if (s == null) return ALL;
		if (announce != null) announce.accept("shard " + s + " from the SLURM array job (" +
			describe(env) + ")");
		return s;
	}

	/** The items of this shard, in order: positions {@code index}, {@code index + count}, ... */
	public <T> List<T> select(final List<T> sorted) {
		final List<T> out = new ArrayList<>(sorted.size() / count + 1);
		for (int i = index; i < sorted.size(); i += count)
			out.add(sorted.get(i));
		return out;
	}

	/** Whether this is the whole list. */
	public boolean isAll() {
		return count == 1;
	}

	/** {@code I/N}. */
	@Override
	public String toString() {
		return index + "/" + count;
	}

	private static long number(final Map<String, String> env, final String key, final Long def) {
		final String v = env.get(key);
		if (v == null || v.isBlank()) {
			if (def != null) return def;
			throw new IllegalArgumentException("SLURM array task without " + key + " (" + describe(env) +
				"): give --shard I/N explicitly");
		}
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + "='" + v + "' is not a whole number: give --shard " +
				"I/N explicitly", e);
		}
	}

	private static String describe(final Map<String, String> env) {
		final StringBuilder sb = new StringBuilder();
		for (final String k : new String[] { TASK_ID, TASK_MIN, TASK_MAX, TASK_STEP, TASK_COUNT }) {
			final String v = env.get(k);
			if (v == null) continue;
			if (sb.length() > 0) sb.append(", ");
			sb.append(k).append('=').append(v);
		}
		return sb.toString();
	}
}
