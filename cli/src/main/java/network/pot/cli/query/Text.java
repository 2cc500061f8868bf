package network.pot.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Plain text of a JSON answer: {@code key: value} lines, nested members and list items indented.
 */
final class Text {
  private Text() {}

  static String render(JsonNode node) {
    StringBuilder b = new StringBuilder();
    write(b, node, "");
    return b.toString().stripTrailing();
  }

  private static void write(StringBuilder b, JsonNode node, String indent) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getValue();
        b.append(indent).append(e.getKey().replace('_', ' ')).append(':');
        if (v.isContainerNode()) {
          if (v.isEmpty()) {
            b.append(" none\n");
          } else {
            b.append('\n');
            write(b, v, indent + "  ");
          }
        } else {
          b.append(' ').append(scalar(v)).append('\n');
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (item.isContainerNode() && item.isEmpty()) {
          b.append(indent).append("- none\n");
        } else if (item.isContainerNode()) {
          StringBuilder inner = new StringBuilder();
          write(inner, item, indent + "  ");
          b.append(indent).append("- ").append(inner.substring(indent.length() + 2));
        } else {
          b.append(indent).append("- ").append(scalar(item)).append('\n');
        }
      }
    } else {
      b.append(indent).append(scalar(node)).append('\n');
    }
  }

  private static String scalar(JsonNode v) {
    return v.isNull() ? "-" : v.asText();
  }
}
