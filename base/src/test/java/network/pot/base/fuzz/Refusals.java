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
   * IllegalArgumentException}: parses {@code input} as UTF-8, and when that succeeds, checks that
   * the canonical form of the value parses to a value of the same canonical form.
   */
  public static <T> void canonicalText(
      byte[] input, Function<String, T> parse, Function<T, String> canonical) throws Exception {
    Optional<String> first =
        decode(input, b -> canonical.apply(parse.apply(text(b))), IllegalArgumentException.class);
    if (first.isPresent()) {
      String again = canonical.apply(parse.apply(first.get()));
      if (!again.equals(first.get())) {
        throw new AssertionError("canonical form " + first.get() + " parses to " + again);
      }
    }
  }

  /** The input as text, the way a JSON reader gets the bytes of a file or a request. */
  public static String text(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }
}
