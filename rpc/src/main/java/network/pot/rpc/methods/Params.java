package network.pot.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import network.pot.base.crypto.Hash;
import network.pot.chain.crypto.Address;

/** Reading typed members of a request's params; a bad one is an invalid-params error. */
final class Params {
  private Params() {}

  static String text(JsonNode params, String field) throws RpcError {
    JsonNode v = params.get(field);
    if (v == null || !v.isTextual()) {
      throw RpcError.invalidParams("params." + field + " must be a string");
    }
    return v.asText();
  }

  static long integer(JsonNode params, String field) throws RpcError {
    JsonNode v = params.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw RpcError.invalidParams("params." + field + " must be an integer");
    }
    return v.asLong();
  }

  static Address address(JsonNode params, String field) throws RpcError {
    try {
      return Address.parse(text(params, field));
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("params." + field + ": " + e.getMessage());
    }
  }

  static Hash hash(JsonNode params, String field) throws RpcError {
    try {
      return Hash.fromHex(text(params, field));
    } catch (IllegalArgumentException e) {
      throw RpcError.invalidParams("params." + field + ": " + e.getMessage());
    }
  }
}
