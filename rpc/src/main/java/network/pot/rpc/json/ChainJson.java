package network.pot.rpc.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import network.pot.base.bytes.Bytes;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.PublicKey;
import network.pot.base.json.Json;
import network.pot.chain.crypto.Address;
import network.pot.chain.tx.ProposalAction;

/**
 * JSON for ledger values: addresses as {@code pot1...}, hashes, keys and byte strings as hex, and
 * records by their components (the shared mapper's settings, plus these serializers).
 */
final class ChainJson {
  private ChainJson() {}

  static final ObjectMapper MAPPER = create();

  private static ObjectMapper create() {
    SimpleModule m = new SimpleModule("pot-chain");
    m.addSerializer(Address.class, asString());
    m.addSerializer(Hash.class, asString());
    m.addSerializer(PublicKey.class, asString());
    m.addSerializer(Bytes.class, asString());
    m.setMixInAnnotation(ProposalAction.class, ProposalActionKind.class);
    return Json.mapper().copy().registerModule(m);
  }

  /** Names the kind of a proposal action in its JSON ({@code "kind": "ParamChange"}). */
  @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
  private interface ProposalActionKind {}

  private static <T> JsonSerializer<T> asString() {
    return new JsonSerializer<T>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeString(value.toString());
      }
    };
  }
}
