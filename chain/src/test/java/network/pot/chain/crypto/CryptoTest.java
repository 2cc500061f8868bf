package network.pot.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoTest {
  private static final Keystore.ScryptParams FAST = new Keystore.ScryptParams(1 << 10, 8, 1);

  @Test
  void ed25519MatchesRfc8032TestVector1() {
    KeyPair k =
        KeyPair.fromSeed(
            Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(k.publicKey().toString())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    Bytes sig = k.sign(new byte[0]);
    assertThat(sig.toHex())
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(k.publicKey().verify(new byte[0], sig)).isTrue();
    assertThat(k.publicKey().verify(new byte[] {1}, sig)).isFalse();
    byte[] bad = sig.toArray();
    bad[3] ^= 1;
    assertThat(k.publicKey().verify(new byte[0], Bytes.wrap(bad))).isFalse();
    assertThat(k.publicKey().verify(new byte[0], Bytes.wrap(new byte[10]))).isFalse();
  }

  @Test
  void bech32AcceptsBip173ValidStrings() {
    for (String s :
        new String[] {
          "A12UEL5L",
          "a12uel5l",
          "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
          "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"
        }) {
      Bech32.Decoded d = Bech32.decode(s);
      assertThat(Bech32.encode(d.hrp(), d.data())).isEqualToIgnoringCase(s);
    }
  }

  @Test
  void bech32RejectsBip173InvalidStrings() {
    for (String s :
        new String[] {
          "pzry9x0s0muk",
          "1pzry9x0s0muk",
          "x1b4n0q5v",
          "li1dgmt3",
          "A1G7SGD8",
          "10a06t8",
          "1qzzfhee",
          "a12UEL5L"
        }) {
      assertThatThrownBy(() -> Bech32.decode(s)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void addressRoundTripsAndCatchesTypos() {
    Address a = Address.of(KeyPair.deterministic("addr", 1));
    String s = a.toString();
    assertThat(s).startsWith("pot1").hasSize(4 + 32 + 6);
    assertThat(Address.parse(s)).isEqualTo(a);
    assertThat(Address.parse(s.toUpperCase(Locale.ROOT))).isEqualTo(a);
    char c = s.charAt(10);
    String typo = s.substring(0, 10) + (c == 'q' ? 'p' : 'q') + s.substring(11);
    assertThatThrownBy(() -> Address.parse(typo)).hasMessageContaining("checksum");
    String other = Bech32.encode("cosmos", a.toArray());
    assertThatThrownBy(() -> Address.parse(other)).hasMessageContaining("pot1");
  }

  @Test
  void keyPairNeverPrintsItsSecret() {
    KeyPair k = KeyPair.deterministic("secret", 1);
    String seedHex = Hex.encode(k.exportSeed());
    assertThat(k.toString()).doesNotContain(seedHex).contains("hidden");
  }

  @Test
  void keystoreRoundTripsAndRejectsWrongPassphraseOrTampering(@TempDir Path dir) throws Exception {
    KeyPair k = KeyPair.generate();
    Path f = dir.resolve("key.json");
    Keystore.write(f, k, "correct horse".toCharArray(), FAST);
    String json = java.nio.file.Files.readString(f);
    assertThat(json).doesNotContain(Hex.encode(k.exportSeed()));
    assertThat(Keystore.read(f, "correct horse".toCharArray())).isEqualTo(k);
    assertThatThrownBy(() -> Keystore.read(f, "wrong".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong passphrase");
    String other = Address.of(KeyPair.generate()).toString();
    String tampered = json.replace(Address.of(k).toString(), other);
    assertThatThrownBy(() -> Keystore.open(tampered, "correct horse".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keystore.open("{not json", "x".toCharArray()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashIsSha256() {
    assertThat(Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
