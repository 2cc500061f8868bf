package network.pot.base.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The contract every fuzz target checks: a decoder of outside bytes either returns a value or
 * refuses the input with the exception type it documents. Any other exception (a null pointer, an
 * index out of bounds, an arithmetic overflow, an out-of-memory error) leaves the decoder and fails
 * the target.
 */
public final class Refusals {
  private Refusals() {}

  /** A decoder under test. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] input) throws Exception;
  }

  /**
   * The decoded value, or empty when {@code decoder} refused {@code input} with a {@code refusal};
   * every other exception is rethrown.
   */
  public static <T> Optional<T> decode(
      byte[] input, Decoder<T> decoder, Class<? extends Exception> refusal) throws Exception {
    try {
      return Optional.of(decoder.decode(input));
    } catch (Exception e) {
      if (refusal.isInstance(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * For a text format with one canonical form, whose parser refuses bad text with an {@link
   * IllegalArgumentException}: the canonical form of {@code input} read as UTF-8, or empty when the
   * parser refused it (the caller checks that the form parses back to itself).
   */
  public static <T> Optional<String> canonicalForm(
      byte[] input, Function<String, T> parse, Function<T, String> canonical) throws Exception {
    return decode(
        input, b -> canonical.apply(parse.apply(text(b))), IllegalArgumentException.class);
  }

  /** The input as text, the way a JSON reader gets the bytes of a file or a request. */
  public static String text(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }
}
