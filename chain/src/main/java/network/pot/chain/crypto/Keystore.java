package network.pot.chain.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import network.pot.base.bytes.Hex;
import network.pot.base.crypto.KeyPair;
import network.pot.base.io.AtomicFiles;
import network.pot.base.json.Json;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Encrypted key files: the Ed25519 seed sealed with AES-256-GCM under a key stretched from a
 * passphrase with scrypt. The address is bound as associated data, so a file whose address was
 * edited fails to open. The JSON holds only public parameters, the nonce and the ciphertext.
 */
public final class Keystore {
  /** scrypt cost parameters; {@link #DEFAULT} is the one for real keys. */
  public record ScryptParams(int n, int r, int p) {
    /** N = 2^15, r = 8, p = 1: about 32 MiB and a fraction of a second per unlock. */
    public static final ScryptParams DEFAULT = new ScryptParams(1 << 15, 8, 1);

    public ScryptParams {
      if (n < 2 || (n & (n - 1)) != 0 || n > (1 << 20) || r < 1 || r > 32 || p < 1 || p > 16) {
        throw new IllegalArgumentException("scrypt parameters out of range");
      }
    }
  }

  private static final int VERSION = 1;

  /** Bytes the AES-GCM tag adds to the sealed seed. */
  private static final int GCM_TAG_BYTES = 16;

  private Keystore() {}

  /** Encrypts the key under the passphrase and returns the keystore JSON. */
  public static String seal(KeyPair key, char[] passphrase, ScryptParams params) {
    SecureRandom rnd = new SecureRandom();
    byte[] salt = new byte[32];
    byte[] iv = new byte[12];
    rnd.nextBytes(salt);
    rnd.nextBytes(iv);
    String address = Address.of(key).toString();
    byte[] seed = key.exportSeed();
    byte[] dk = derive(passphrase, salt, params);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(dk, "AES"),
          new GCMParameterSpec(8 * GCM_TAG_BYTES, iv));
      c.updateAAD(address.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(seed);
      ObjectNode root = Json.object();
      root.put("version", VERSION);
      root.put("address", address);
      ObjectNode kdf = root.putObject("kdf");
      kdf.put("name", "scrypt");
      kdf.put("n", params.n());
      kdf.put("r", params.r());
      kdf.put("p", params.p());
      kdf.put("salt", Hex.encode(salt));
      ObjectNode cipher = root.putObject("cipher");
      cipher.put("name", "aes-256-gcm");
      cipher.put("iv", Hex.encode(iv));
      cipher.put("ciphertext", Hex.encode(ct));
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (GeneralSecurityException | JsonProcessingException e) {
      throw new IllegalStateException("AES-GCM and JSON are always available", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
      Arrays.fill(dk, (byte) 0);
    }
  }

  /**
   * Opens keystore JSON with the passphrase.
   *
   * @throws IllegalArgumentException for a malformed file, a wrong passphrase or a tampered file
   */
  public static KeyPair open(String json, char[] passphrase) {
    JsonNode root;
    try {
      root = Json.read(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("keystore is not JSON");
    }
    if (root == null || root.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException("unsupported keystore version");
    }
    JsonNode kdf = root.path("kdf");
    JsonNode cipher = root.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asText())
        || !"aes-256-gcm".equals(cipher.path("name").asText())) {
      throw new IllegalArgumentException("unsupported keystore algorithms");
    }
    String address = root.path("address").asText();
    ScryptParams params =
        new ScryptParams(kdf.path("n").asInt(), kdf.path("r").asInt(), kdf.path("p").asInt());
    byte[] salt = Hex.decode(kdf.path("salt").asText());
    byte[] iv = Hex.decode(cipher.path("iv").asText());
    byte[] ct = Hex.decode(cipher.path("ciphertext").asText());
    if (iv.length != 12 || salt.length < 16) {
      throw new IllegalArgumentException("keystore nonce or salt has a bad length");
    }
    if (ct.length != KeyPair.SEED_SIZE + GCM_TAG_BYTES) {
      // the JDK's GCM throws a ProviderException, not a tag failure, for input shorter than a tag
      throw new IllegalArgumentException("keystore ciphertext has a bad length");
    }
    byte[] dk = derive(passphrase, salt, params);
    byte[] seed = null;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dk, "AES"),
          new GCMParameterSpec(8 * GCM_TAG_BYTES, iv));
      c.updateAAD(address.getBytes(StandardCharsets.UTF_8));
      seed = c.doFinal(ct);
      KeyPair key = KeyPair.fromSeed(seed);
      if (!Address.of(key).toString().equals(address)) {
        throw new IllegalArgumentException("keystore address does not match its key");
      }
      return key;
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("wrong passphrase or corrupted keystore");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("keystore cannot be decrypted: " + e.getMessage());
    } finally {
      Arrays.fill(dk, (byte) 0);
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  /**
   * Writes a keystore file, durably and atomically (refuses to overwrite one).
   *
   * @throws FileAlreadyExistsException when {@code file} exists
   */
  public static void write(Path file, KeyPair key, char[] passphrase, ScryptParams params)
      throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    AtomicFiles.writePrivate(file, seal(key, passphrase, params).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads and opens a keystore file. */
  public static KeyPair read(Path file, char[] passphrase) throws IOException {
    return open(Files.readString(file), passphrase);
  }

  private static byte[] derive(char[] passphrase, byte[] salt, ScryptParams p) {
    byte[] pass = new String(passphrase).getBytes(StandardCharsets.UTF_8);
    try {
      return SCrypt.generate(pass, salt, p.n(), p.r(), p.p(), 32);
    } finally {
      Arrays.fill(pass, (byte) 0);
    }
  }
}
