package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Shards cover a list exactly once, from {@code I/N} and from SLURM array variables. */
class ShardTest {

	private static List<Integer> items(final int n) {
		final List<Integer> l = new ArrayList<>();
		for (int i = 0; i < n; i++)
			l.add(i);
		return l;
	}

	/** Every item in exactly one shard, in order, sizes differing by at most one. */
	private static void assertCover(final List<List<Integer>> shards, final int n) {
		final int[] seen = new int[n];
		int min = Integer.MAX_VALUE, max = 0;
		for (final List<Integer> s : shards) {
			for (int j = 1; j < s.size(); j++)
				assertTrue(s.get(j - 1) < s.get(j), "order kept");
			for (final int i : s)
				seen[i]++;
			min = Math.min(min, s.size());
			max = Math.max(max, s.size());
		}
		for (int i = 0; i < n; i++)
			assertEquals(1, seen[i], "item " + i);
		assertTrue(max - min <= 1, "balanced");
	}

	@Test
	void explicitShardsCoverEveryItemOnce() {
		for (int count = 1; count <= 5; count++)
			for (int n = 0; n <= 13; n++) {
				final List<List<Integer>> shards = new ArrayList<>();
				for (int i = 0; i < count; i++)
					shards.add(Shard.parse(i + "/" + count).select(items(n)));
				assertCover(shards, n);
			}
		assertEquals(List.of(1, 5, 9), Shard.parse(" 1 / 4 ").select(items(11)));
		assertEquals(items(7), Shard.ALL.select(items(7)));
	}

	@Test
	void slurmArraysCoverEveryItemOnce() {
		// --array=MIN-MAX:STEP for several MIN and STEP, COUNT tasks
		for (int count = 1; count <= 5; count++)
			for (final int min : new int[] { 0, 1, 7 })
				for (final int step : new int[] { 1, 2, 3 }) {
					final List<List<Integer>> shards = new ArrayList<>();
					for (int t = 0; t < count; t++) {
						final int id = min + t * step;
						final Map<String, String> env = env(id, min, min + (count - 1) * step, step, count);
						final Shard s = Shard.fromSlurm(env);
						assertEquals(new Shard(t, count), s);
						shards.add(s.select(items(23)));
					}
					assertCover(shards, 23);
				}
	}

	private static Map<String, String> env(final int id, final int min, final int max,
		final int step, final int count)
	{
		final Map<String, String> env = new HashMap<>();
		env.put("SLURM_ARRAY_TASK_ID", Integer.toString(id));
		env.put("SLURM_ARRAY_TASK_MIN", Integer.toString(min));
		env.put("SLURM_ARRAY_TASK_MAX", Integer.toString(max));
		env.put("SLURM_ARRAY_TASK_STEP", Integer.toString(step));
		env.put("SLURM_ARRAY_TASK_COUNT", Integer.toString(count));
		env.put("SLURM_JOB_ID", "99");
		return env;
	}

	@Test
	void resolvePrefersTheOptionAndAnnouncesSlurm() {
		final List<String> said = new ArrayList<>();
		final Map<String, String> env = env(3, 1, 4, 1, 4);
		assertEquals(new Shard(0, 2), Shard.resolve("0/2", env, said::add));
		assertTrue(said.isEmpty());
		assertEquals(new Shard(2, 4), Shard.resolve(null, env, said::add));
		assertEquals(1, said.size());
		assertTrue(said.get(0).startsWith("shard 2/4 from the SLURM array job"), said.get(0));
		assertTrue(said.get(0).contains("SLURM_ARRAY_TASK_ID=3"), said.get(0));
		// outside an array job (a plain SLURM job too): everything
		assertEquals(Shard.ALL, Shard.resolve(null, Map.of("SLURM_JOB_ID", "5"), said::add));
		assertNull(Shard.fromSlurm(Map.of()));
	}

	@Test
	void listArraysThatCannotBeMappedAskForShard() {
		// --array=1,2,9: SLURM gives MIN 1, MAX 9, COUNT 3
		for (final int id : new int[] { 1, 2, 9 }) {
			final Map<String, String> env = env(id, 1, 9, 1, 3);
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard
				.fromSlurm(env));
			assertTrue(e.getMessage().contains("--shard"), e.getMessage());
		}
		// a step that does not divide the distance from MIN
		final Map<String, String> env = env(4, 1, 7, 2, 4);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env))
			.getMessage().contains("--shard"));
		// variables missing or not numbers
		final Map<String, String> partial = new HashMap<>(Map.of("SLURM_ARRAY_TASK_ID", "2"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(partial))
			.getMessage().contains("SLURM_ARRAY_TASK_MIN"));
		final Map<String, String> bad = env(2, 1, 3, 1, 3);
		bad.put("SLURM_ARRAY_TASK_COUNT", "x");
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(bad))
			.getMessage().contains("SLURM_ARRAY_TASK_COUNT='x'"));
	}

	@Test
	void badShardsAreRefusedNamingTheValue() {
		for (final String s : new String[] { "3/3", "-1/2", "2/0", "1", "a/b", "", "1/2/3",
			"99999999999/3" })
		{
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard
				.parse(s), s);
			assertTrue(e.getMessage().contains("'" + s.trim() + "'") || s.isEmpty(), e.getMessage());
			assertTrue(e.getMessage().contains("expected I/N"), e.getMessage());
		}
	}
}
