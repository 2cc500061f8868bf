package network.pot.chain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import network.pot.base.fuzz.Refusals;

/**
 * {@link Keystore#open} on any text with the passphrase {@value #PASSPHRASE}: the key whose address
 * the file names, or an {@link IllegalArgumentException} (malformed, wrong passphrase, tampered).
 */
class KeystoreFuzzTest {
  static final String PASSPHRASE = "fuzz";

  @FuzzTest
  void open(byte[] input) throws Exception {
    Refusals.decode(
            input,
            b -> Keystore.open(Refusals.text(b), PASSPHRASE.toCharArray()),
            IllegalArgumentException.class)
        .ifPresent(key -> assertThat(Refusals.text(input)).contains(Address.of(key).toString()));
  }
}
