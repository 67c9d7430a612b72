package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link Json} (the metadata reader of model files, which reads text from untrusted files) on
 * hand-written JSON: whitespace everywhere it may be, every escape, numbers at the edge between
 * long and double, the nesting limit at its exact edge, and the character positions of errors
 * (counted by hand in the strings below).
 */
class JsonMutationGapsTest {

	static String refused(final String text) {
		return assertThrows(IllegalArgumentException.class, () -> Json.parse(text)).getMessage();
	}

	@Test
	void whitespaceAnywhereBetweenTokens() {
		assertEquals(List.of(1L, 2L), Json.parse(" [ 1 , 2 ] "));
		assertEquals(List.of(), Json.parse("[]"));
		assertEquals(List.of(), Json.parse("[ \n ]"));
		assertEquals(Map.of(), Json.parse("{}"));
		assertEquals(Map.of(), Json.parse("{\t}"));
		final Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("a", 1L);
		expected.put("b", List.of());
		assertEquals(expected, Json.parse("\n{ \"a\" : 1 ,\r\n \"b\" : [ ] }\t"));
		assertEquals(5L, Json.parse(" 5 "));
		assertEquals(5L, Json.parse("5"));
	}

	@Test
	void literalsAndStrings() {
		assertEquals(Arrays.asList(true, false, null), Json.parse("[true,false,null]"));
		assertEquals("a\"b\\c/d\b\f\n\r\tA", Json.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\""));
		assertEquals("", Json.parse("\"\""));
	}

	@Test
	void numbersLongOrDouble() {
		assertEquals(-5L, Json.parse("-5"));
		assertEquals(1.5, Json.parse("1.5"));
		assertEquals(2000.0, Json.parse("2e3"));
		assertEquals(2000.0, Json.parse("2E3"));
		assertEquals(100.0, Json.parse("1e+2"));
		assertEquals(0.01, Json.parse("1e-2"));
		// up to 18 characters a long; from 19 on a double (a long may not hold them)
		assertEquals(123456789012345678L, Json.parse("123456789012345678"));
		assertEquals(9.223372036854775807e18, Json.parse("9223372036854775807"));
		assertEquals(-1.2345678901234568e17, Json.parse("-123456789012345678"));
	}

	@Test
	void errorsNameTheCharacter() {
		assertEquals("invalid JSON at character 4: expected ',' or ']'", refused("[1 2]"));
		assertEquals("invalid JSON at character 8: expected ',' or '}'", refused("{\"a\":1 \"b\":2}"));
		assertEquals("invalid JSON at character 3: unexpected text after the value", refused("1 2"));
		assertEquals("invalid JSON at character 1: unexpected end", refused(""));
		assertEquals("invalid JSON at character 2: unexpected end", refused("["));
		assertEquals("invalid JSON at character 4: unexpected end", refused("[1,"));
		assertEquals("invalid JSON at character 3: unterminated array", refused("[1"));
		assertEquals("invalid JSON at character 2: expected a key in quotes", refused("{"));
		assertEquals("invalid JSON at character 2: expected a key in quotes", refused("{1:2}"));
		assertEquals("invalid JSON at character 5: expected ':'", refused("{\"a\""));
		assertEquals("invalid JSON at character 6: expected ':'", refused("{\"a\" 1}"));
		assertEquals("invalid JSON at character 7: unterminated object", refused("{\"a\":1"));
		assertEquals("invalid JSON at character 5: unterminated string", refused("\"abc"));
		assertEquals("invalid JSON at character 6: unterminated string", refused("\"abc\\"));
		assertEquals("invalid JSON at character 8: unterminated string", refused("\"\\u0041"));
		assertEquals("invalid JSON at character 4: bad \\u escape", refused("\"\\u12\""));
		assertEquals("invalid JSON at character 4: bad \\u escape", refused("\"\\u00zz\""));
		assertEquals("invalid JSON at character 4: bad escape \\x", refused("\"\\x\""));
		assertEquals("invalid JSON at character 1: expected true", refused("tru"));
		assertEquals("invalid JSON at character 1: unexpected '+'", refused("+1"));
		assertEquals("invalid JSON at character 1: bad number '1.2.3'", refused("1.2.3"));
	}

	@Test
	void nestingAllowedExactlyToTheLimit() {
		assertEquals(100, Json.MAX_DEPTH);
		Object v = Json.parse("[".repeat(100) + "]".repeat(100));
		int depth = 0;
		while (v instanceof List<?> l) {
			depth++;
			v = l.isEmpty() ? null : l.get(0);
		}
		assertEquals(100, depth);
		assertTrue(refused("[".repeat(101) + "]".repeat(101)).contains("nested more than 100 levels"));
		assertTrue(Json.parse("{\"a\":".repeat(100) + "1" + "}".repeat(100)) instanceof Map);
		assertTrue(refused("{\"a\":".repeat(101) + "1" + "}".repeat(101)).contains(
			"nested more than 100 levels"));
		// siblings do not add up: 300 empty arrays side by side
		final List<Object> l = new ArrayList<>();
		for (int k = 0; k < 300; k++)
			l.add(List.of(List.of()));
		assertEquals(l, Json.parse("[" + String.join(",", java.util.Collections.nCopies(300, "[[]]")) +
			"]"));
	}

	@Test
	void writing() {
		assertEquals("null", Json.write(null));
		assertEquals("[true,false]", Json.write(List.of(true, false)));
		assertEquals("[2,-3,0.5,null,null]", Json.write(Arrays.asList(2.0, -3.0, 0.5,
			Double.POSITIVE_INFINITY, Double.NaN)));
		assertEquals("1.0E15", Json.write(1e15));
		assertEquals("999999999999999", Json.write(999999999999999.0));
		assertEquals("[2,1.5,null]", Json.write(List.of(2f, 1.5f, Float.NaN)));
		assertEquals("[1,2]", Json.write(new int[] { 1, 2 }));
		assertEquals("[1,0.25]", Json.write(new double[] { 1, 0.25 }));
		assertEquals("7", Json.write(7L));
		// control characters below 0x20 as \\u escapes; the space (0x20) as itself
		assertEquals("\"a b\\u001f\\u0001\\n\\t\\r\\\"\\\\\"", Json.write("a b\u001f\u0001\n\t\r\"\\"));
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("k", List.of(1L));
		m.put("e", Map.of());
		assertEquals("{\"k\":[1],\"e\":{}}", Json.write(m));
	}

	@Test
	void typedAccessors() {
		assertEquals("w: expected a JSON object, found a string", assertThrows(
			IllegalArgumentException.class, () -> Json.object("x", "w")).getMessage());
		assertEquals("w: expected a JSON array, found an object", assertThrows(
			IllegalArgumentException.class, () -> Json.array(Map.of(), "w")).getMessage());
		assertEquals("w: expected a number, found an array", assertThrows(
			IllegalArgumentException.class, () -> Json.number(List.of(), "w")).getMessage());
		assertEquals("w: expected a string, found null", assertThrows(IllegalArgumentException.class,
			() -> Json.string(null, "w")).getMessage());
		assertEquals("w: expected a number, found true", assertThrows(IllegalArgumentException.class,
			() -> Json.number(true, "w")).getMessage());
		assertEquals("w: expected a whole number, found 1.5", assertThrows(
			IllegalArgumentException.class, () -> Json.integer(1.5, "w")).getMessage());
		// a long is kept exactly, beyond 2^53 where a double would round it
		assertEquals(9007199254740993L, Json.integer(9007199254740993L, "w"));
		assertEquals(3L, Json.integer(3.0, "w"));
		assertEquals(1, Json.integer(1L, "w", 1, 5));
		assertEquals(5, Json.integer(5L, "w", 1, 5));
		assertEquals("w: 0 is out of range, expected 1 to 5", assertThrows(
			IllegalArgumentException.class, () -> Json.integer(0L, "w", 1, 5)).getMessage());
		assertEquals("w: 6 is out of range, expected 1 to 5", assertThrows(
			IllegalArgumentException.class, () -> Json.integer(6L, "w", 1, 5)).getMessage());
	}
}
