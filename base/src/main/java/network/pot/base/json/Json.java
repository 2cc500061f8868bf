package network.pot.base.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * The JSON mapper configuration, in one place. Mappers are thread-safe once configured, so every
 * module shares these instead of building its own.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads decimals as {@link java.math.BigDecimal}: for documents whose numbers are hashed or
   * compared exactly (task and model specs), where a double would round.
   */
  private static final ObjectMapper EXACT =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  /** The shared mapper (Jackson's defaults). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The shared mapper that reads decimals exactly. */
  public static ObjectMapper exactMapper() {
    return EXACT;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** {@code value} as one line of JSON. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON document; malformed text throws {@link JsonProcessingException}. */
  public static JsonNode read(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }
}
