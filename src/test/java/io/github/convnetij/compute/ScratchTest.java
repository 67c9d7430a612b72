package io.github.convnetij.compute;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Per-thread scratch arrays: reused per slot and thread, grown when too short, never shared. */
class ScratchTest {

	@Test
	void aSlotReusesItsArrayOnOneThreadAndGrowsIt() {
		final float[] a = Scratch.floats(Scratch.BUFFER, 1000);
		assertTrue(a.length >= 1000);
		assertSame(a, Scratch.floats(Scratch.BUFFER, 10), "a shorter request reuses the array");
		assertSame(a, Scratch.floats(Scratch.BUFFER, a.length));
		final float[] b = Scratch.floats(Scratch.BUFFER, a.length + 1);
		assertNotSame(a, b, "a longer request gets a new array");
		assertTrue(b.length > a.length);
		assertSame(b, Scratch.floats(Scratch.BUFFER, 1000), "which is kept");
	}

	@Test
	void slotsAndThreadsHaveTheirOwnArrays() throws InterruptedException {
		final float[] grid = Scratch.floats(Scratch.GRID, 100);
		final float[] tail = Scratch.floats(Scratch.TAIL, 100);
		final float[] packedA = Scratch.floats(Scratch.PACKED_A, 100);
		assertNotSame(grid, tail);
		assertNotSame(grid, packedA);
		assertNotSame(tail, packedA);
		final AtomicReference<float[]> other = new AtomicReference<>();
		final Thread t = new Thread(() -> other.set(Scratch.floats(Scratch.GRID, 100)));
		t.start();
		t.join();
		assertNotSame(grid, other.get(), "another thread's array");
		assertSame(grid, Scratch.floats(Scratch.GRID, 100));
	}

	@Test
	void arraysAboveTheLimitAreNotKept() {
		final float[] a = Scratch.floats(Scratch.GRIDS, Scratch.MAX_FLOATS + 1);
		assertTrue(a.length == Scratch.MAX_FLOATS + 1);
		assertNotSame(a, Scratch.floats(Scratch.GRIDS, Scratch.MAX_FLOATS + 1));
	}

	@Test
	void clearDropsTheArraysOfEveryThread() throws InterruptedException {
		final float[] mine = Scratch.floats(Scratch.GRID, 100);
		final AtomicReference<float[]> other = new AtomicReference<>();
		final AtomicReference<float[]> otherAfter = new AtomicReference<>();
		final java.util.concurrent.CountDownLatch cleared = new java.util.concurrent.CountDownLatch(1);
		final java.util.concurrent.CountDownLatch made = new java.util.concurrent.CountDownLatch(1);
		final Thread t = new Thread(() -> {
			other.set(Scratch.floats(Scratch.GRID, 100));
			made.countDown();
			try {
				cleared.await();
			}
			catch (final InterruptedException e) {
				return;
			}
			otherAfter.set(Scratch.floats(Scratch.GRID, 100));
		});
		t.start();
		made.await();
		Scratch.clear();
		cleared.countDown();
		t.join();
		assertNotSame(mine, Scratch.floats(Scratch.GRID, 100), "this thread's array was dropped");
		assertNotSame(other.get(), otherAfter.get(), "the other thread's array was dropped");
	}
}
