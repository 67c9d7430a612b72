package io.github.convnetij.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Opt-in exploration: many mutants, the distinct failures printed with one example each. */
public final class Explore {

	public static void explore(final String name, final long seed, final int count,
		final Consumer<byte[]> target, final byte[]... seeds) throws Exception
	{
		final SplittableRandom rnd = new SplittableRandom(seed);
		final Map<String, byte[]> found = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			byte[] m = seeds[i % seeds.length];
			final int rounds = 1 + rnd.nextInt(3);
			for (int r = 0; r < rounds; r++)
				m = Mutations.mutate(m, rnd);
			try {
				target.accept(m);
			}
			catch (final Throwable t) {
				final StackTraceElement[] st = t.getStackTrace();
				final String key = t.getClass().getName() + " at " + (st.length > 0 ? st[0] : "?");
				if (!found.containsKey(key)) {
					found.put(key, m);
					System.out.println("FOUND " + key + ": " + t.getMessage());
					t.printStackTrace(System.out);
					final Path dir = Path.of("target/explore", name);
					Files.createDirectories(dir);
					Files.write(dir.resolve("crash-" + found.size()), m);
				}
			}
		}
		System.out.println(name + ": " + found.size() + " distinct failures in " + count);
	}
}
