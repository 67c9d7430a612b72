package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.HeapBudget;

/**
 * The core's heap refusals give the need and the heap, no advice; Fiji's front end adds its own
 * way to give Java more memory (its menu), and nothing to other messages.
 */
class MemoryAdviceTest {

	@Test
	void fijiAddsItsMenuToHeapRefusalsOnly() {
		final IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
			() -> HeapBudget.require(Long.MAX_VALUE / 4, "a test tensor"));
		final String m = CommandBridge.userMessage(new RuntimeException(heap));
		assertEquals(heap.getMessage() + " (give Java more memory: Edit>Options>Memory & Threads...)",
			m);
		// once only, and not on other errors
		assertEquals(m, CommandBridge.withMemoryAdvice(m));
		assertEquals("size: 0 is not allowed", CommandBridge.userMessage(new IllegalArgumentException(
			"size: 0 is not allowed")));
	}
}
