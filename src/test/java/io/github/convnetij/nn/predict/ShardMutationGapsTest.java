package io.github.convnetij.nn.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Shards by hand: which files shard I of N takes, the limits of I/N, and SLURM array variables
 * mapped to a shard (evenly spaced arrays with a start, a step and a count), or refused.
 */
class ShardMutationGapsTest {

	private static final String OK = "expected I/N with 0 <= I < N (0-based shard I of N), such as 0/4";

	@Test
	void selectAndParse() {
		final List<Integer> ten = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertEquals(List.of(1, 4, 7), Shard.parse(" 1 / 3 ").select(ten));
		assertEquals(List.of(2, 5, 8), Shard.parse("2/3").select(ten));
		assertEquals(ten, Shard.parse("0/1").select(ten));
		assertEquals(List.of(9), Shard.parse("9/10").select(ten));
		assertEquals(List.of(), Shard.parse("10/11").select(ten));
		assertEquals("0/2147483647", Shard.parse("0/2147483647").toString());
		for (final String bad : new String[] { "1/1", "-1/2", "2/2", "0/0", "0/2147483648", "0/-3" })
			assertEquals("'" + bad + "' is not allowed: " + OK, assertThrows(IllegalArgumentException.class,
				() -> Shard.parse(bad)).getMessage());
		assertEquals("'x' is not a shard: " + OK, assertThrows(IllegalArgumentException.class, () -> Shard
			.parse("x")).getMessage());
		assertEquals("'null' is not a shard: " + OK, assertThrows(IllegalArgumentException.class,
			() -> Shard.parse(null)).getMessage());
		assertEquals("'2/2' is not allowed: " + OK, assertThrows(IllegalArgumentException.class,
			() -> new Shard(2, 2)).getMessage());
	}

	private static Map<String, String> env(final String... kv) {
		final Map<String, String> m = new HashMap<>();
		for (int i = 0; i < kv.length; i += 2)
			m.put(kv[i], kv[i + 1]);
		return m;
	}

	private static final String ID = Shard.TASK_ID, MIN = Shard.TASK_MIN, MAX = Shard.TASK_MAX,
		STEP = Shard.TASK_STEP, COUNT = Shard.TASK_COUNT;

	@Test
	void slurmArrays() {
		assertNull(Shard.fromSlurm(env()));
		assertNull(Shard.fromSlurm(env(ID, " ")));
		// --array=1-7:2: tasks 1, 3, 5, 7
		assertEquals("2/4", Shard.fromSlurm(env(ID, "5", MIN, "1", STEP, "2", COUNT, "4", MAX, "7"))
			.toString());
		assertEquals("0/4", Shard.fromSlurm(env(ID, "1", MIN, "1", STEP, "2", COUNT, "4", MAX, "7"))
			.toString());
		assertEquals("3/4", Shard.fromSlurm(env(ID, "7", MIN, "1", STEP, "2", COUNT, "4", MAX, "7"))
			.toString());
		// the largest count; a blank step is 1
		assertEquals("0/2147483647", Shard.fromSlurm(env(ID, "1", MIN, "1", COUNT, "2147483647"))
			.toString());
		assertEquals("1/3", Shard.fromSlurm(env(ID, "2", MIN, "1", STEP, " ", COUNT, "3")).toString());
		// no step: 1; a blank max is not checked
		assertEquals("2/3", Shard.fromSlurm(env(ID, "12", MIN, "10", COUNT, "3", MAX, "")).toString());
		final String ask = ": cannot map this array task to a shard; give --shard I/N explicitly (I = " +
			"this task's 0-based number, N = the number of tasks)";
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=5, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=0, " +
			"SLURM_ARRAY_TASK_COUNT=4" + ask, assertThrows(IllegalArgumentException.class, () -> Shard
				.fromSlurm(env(ID, "5", MIN, "1", STEP, "0", COUNT, "4"))).getMessage());
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=5, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=0" +
			ask, assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "5", MIN, "1",
				COUNT, "0"))).getMessage());
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=0, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4" +
			ask, assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "0", MIN, "1",
				COUNT, "4"))).getMessage());
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=2, " +
			"SLURM_ARRAY_TASK_COUNT=4 is not evenly spaced" + ask, assertThrows(
				IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "4", MIN, "1", STEP, "2",
					COUNT, "4"))).getMessage());
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=9, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_STEP=2, " +
			"SLURM_ARRAY_TASK_COUNT=4 is not evenly spaced (task 5 of 4)" + ask, assertThrows(
				IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "9", MIN, "1", STEP, "2",
					COUNT, "4"))).getMessage());
		assertEquals("SLURM array SLURM_ARRAY_TASK_ID=5, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_MAX=9, " +
			"SLURM_ARRAY_TASK_STEP=2, SLURM_ARRAY_TASK_COUNT=4 is not evenly spaced" + ask, assertThrows(
				IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "5", MIN, "1", STEP, "2",
					COUNT, "4", MAX, "9"))).getMessage());
		assertEquals("SLURM array task without SLURM_ARRAY_TASK_COUNT (SLURM_ARRAY_TASK_ID=5, " +
			"SLURM_ARRAY_TASK_MIN=1): give --shard I/N explicitly", assertThrows(
				IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "5", MIN, "1"))).getMessage());
		assertEquals("SLURM_ARRAY_TASK_MIN='one' is not a whole number: give --shard I/N explicitly",
			assertThrows(IllegalArgumentException.class, () -> Shard.fromSlurm(env(ID, "5", MIN, "one",
				COUNT, "2"))).getMessage());
		// an option wins; else the array, announced; else all
		final List<String> said = new java.util.ArrayList<>();
		assertEquals("1/2", Shard.resolve("1/2", env(ID, "5", MIN, "1", COUNT, "9"), said::add)
			.toString());
		assertEquals("0/9", Shard.resolve(" ", env(ID, "1", MIN, "1", COUNT, "9"), said::add).toString());
		assertEquals(List.of("shard 0/9 from the SLURM array job (SLURM_ARRAY_TASK_ID=1, " +
			"SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=9)"), said);
		assertEquals(Shard.ALL, Shard.resolve(null, env(), null));
		assertTrue(Shard.ALL.isAll());
		assertFalse(Shard.parse("0/2").isAll());
	}
}
