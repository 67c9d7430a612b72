package io.github.convnetij.command.model;

import java.util.List;

/**
 * A command whose dialog offers, for a text key, choices computed from another key's value — the
 * layers of the chosen model file for {@code layer}. Only dialogs use it: the key stays a text key
 * (its declared default fixed, macros and the command line take any text, the Macro Recorder
 * records the value chosen), and the command checks the value when it runs.
 * <p>
 * Front ends call it through {@link CommandModel#choicesFollow} and {@link CommandModel#choices},
 * on an instance of the command that is not run.
 * <pre>{@code
 * public String choicesFollow(String key) { return key.equals("layer") ? "model" : null; }
 * public List<String> choices(String key, Object model) { return layersOf((File) model); }
 * }</pre>
 */
public interface DynamicChoices {

	/** The key whose value the choices of {@code key} are computed from, or null for none. */
	String choicesFollow(String key);

	/**
	 * The choices of {@code key} when the key it follows has {@code value} (as parsed; may be null
	 * or not usable), or an empty list when there is nothing to offer. Must not throw.
	 */
	List<String> choices(String key, Object value);
}
