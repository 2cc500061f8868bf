package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Events as text: one line each, {@code TYPE field=value ...}. */
final class EventText {
  private EventText() {}

  static String lines(JsonNode events, String indent) {
    StringBuilder b = new StringBuilder();
    for (JsonNode e : events) {
      b.append(indent).append(e.path("type").asText());
      for (Map.Entry<String, JsonNode> f : e.properties()) {
        if (!f.getKey().equals("type")) {
          b.append(' ').append(f.getKey()).append('=').append(f.getValue().asText());
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
