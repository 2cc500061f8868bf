package network.pot.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import network.pot.base.bytes.Bytes;
import network.pot.base.bytes.Hex;
import network.pot.base.codec.DecodeException;
import network.pot.base.codec.LittleEndian;
import network.pot.base.codec.Reader;
import network.pot.base.codec.Writer;
import network.pot.base.crypto.Hash;
import network.pot.base.crypto.KeyPair;
import network.pot.base.crypto.PublicKey;
import network.pot.base.crypto.Sha256;
import network.pot.base.io.AtomicFiles;
import network.pot.base.io.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseTest {
  @Test
  void sha256MatchesTheFipsVectorAndTheHashTypeAgrees() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(Hex.encode(Sha256.of(abc))).isEqualTo(expected);
    assertThat(
            Hash.sha256(
                    "a".getBytes(StandardCharsets.US_ASCII),
                    "bc".getBytes(StandardCharsets.US_ASCII))
                .toHex())
        .isEqualTo(expected);
    assertThat(Hex.encode(Sha256.digest().digest(abc))).isEqualTo(expected);
  }

  @Test
  void taggedHashingPrefixesEveryFieldWithItsLittleEndianLength() {
    byte[] manual =
        Sha256.of(
            LittleEndian.u32(3),
            "tag".getBytes(StandardCharsets.US_ASCII),
            LittleEndian.u32(2),
            new byte[] {1, 2});
    assertThat(Sha256.tagged("tag", new byte[] {1, 2})).isEqualTo(manual);
    // moving a byte between fields changes the hash
    assertThat(Sha256.tagged("tag", new byte[] {1}, new byte[] {2}))
        .isNotEqualTo(Sha256.tagged("tag", new byte[] {1, 2}, new byte[0]));
  }

  @Test
  void ed25519SignsTheRfc8032TestVectorOne() {
    KeyPair k =
        KeyPair.fromSeed(
            Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(k.publicKey().toHex())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] sig = k.signRaw(new byte[0]);
    assertThat(Hex.encode(sig))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(k.publicKey().verify(new byte[0], sig)).isTrue();
    assertThat(k.publicKey().verify(new byte[] {1}, sig)).isFalse();
    assertThat(PublicKey.verify(new byte[31], new byte[0], sig)).isFalse();
    assertThat(PublicKey.verify(k.publicKey().toArray(), new byte[0], new byte[63])).isFalse();
    assertThat(k.toString()).doesNotContain("9d61b19d");
  }

  @Test
  void hexRejectsWhatIsNotHexAndNamesTheValue() {
    assertThat(Hex.decode(" 0xAbCd ")).containsExactly(0xab, 0xcd);
    assertThatThrownBy(() -> Hex.decode("abc")).hasMessageContaining("odd");
    assertThatThrownBy(() -> Hex.decode("\u0663\uFF21")).hasMessageContaining("not a hex digit");
    assertThatThrownBy(() -> Hex.decode("zz", 1, "miner")).hasMessageContaining("miner is not hex");
    assertThatThrownBy(() -> Hex.decode("ab", 2, "root")).hasMessageContaining("root must be 2");
    assertThat(Hex.encode(new byte[] {0, 1, 2, 3}, 1, 2)).isEqualTo("0102");
  }

  @Test
  void theCanonicalCodecRoundTripsAndRefusesTrailingBytes() throws DecodeException {
    byte[] enc =
        new Writer().u8(7).u32(300).u64(-1L).string("ü").bytes(Bytes.of(new byte[3])).toByteArray();
    Reader r = new Reader(enc);
    assertThat(r.u8()).isEqualTo(7);
    assertThat(r.u32()).isEqualTo(300);
    assertThat(r.u64()).isEqualTo(-1L);
    assertThat(r.string(8)).isEqualTo("ü");
    assertThat(r.bytes(3).length()).isEqualTo(3);
    r.end();
    byte[] longer = java.util.Arrays.copyOf(enc, enc.length + 1);
    Reader r2 = new Reader(longer);
    r2.raw(enc.length);
    assertThatThrownBy(r2::end)
        .isInstanceOfSatisfying(
            DecodeException.class,
            e -> assertThat(e.reason()).isEqualTo(DecodeException.Reason.TRAILING_BYTES));
  }

  @Test
  void littleEndianHelpersRoundTrip() {
    byte[] b = new byte[12];
    LittleEndian.putU64(b, 0, 0x0102030405060708L);
    LittleEndian.putU32(b, 8, 0xa0b0c0d0);
    assertThat(b[0]).isEqualTo((byte) 8);
    assertThat(LittleEndian.getU64(b, 0)).isEqualTo(0x0102030405060708L);
    assertThat(LittleEndian.getU32(b, 8)).isEqualTo(0xa0b0c0d0);
    assertThat(LittleEndian.u64(0x0102030405060708L)).isEqualTo(java.util.Arrays.copyOf(b, 8));
  }

  @Test
  void atomicWritesReplaceWholeFilesAndLeaveNoTemporaries(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("sub/state.bin");
    AtomicFiles.write(f, new byte[] {1, 2, 3});
    AtomicFiles.write(f, new byte[] {4});
    assertThat(Files.readAllBytes(f)).containsExactly(4);
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write(9);
                      throw new java.io.IOException("disk gone");
                    }))
        .hasMessage("disk gone");
    assertThat(Files.readAllBytes(f)).containsExactly(4);
    try (var list = Files.list(f.getParent())) {
      assertThat(list).containsExactly(f);
    }
  }

  @Test
  void privateWritesAreOwnerOnlyAndOrdinaryOnesAreNot(@TempDir Path dir) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.getFileStore(dir)
            .supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class));
    Path secret = dir.resolve("secret");
    AtomicFiles.writePrivate(secret, new byte[] {1});
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    Path plain = dir.resolve("plain");
    AtomicFiles.write(plain, new byte[] {1});
    assertThat(Files.getPosixFilePermissions(plain))
        .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
  }

  @Test
  void recursiveDeleteRemovesTreesAndIgnoresMissingOnes(@TempDir Path dir) throws Exception {
    Path root = dir.resolve("a");
    Files.createDirectories(root.resolve("b/c"));
    Files.write(root.resolve("b/c/f"), new byte[] {1});
    Files.createSymbolicLink(root.resolve("link"), dir);
    FileTrees.deleteRecursively(root);
    assertThat(root).doesNotExist();
    assertThat(dir).exists();
    FileTrees.deleteRecursively(root);
  }
}
