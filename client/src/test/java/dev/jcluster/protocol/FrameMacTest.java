package dev.jcluster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The codec's HMAC-SHA256 against RFC 4231's test vectors and against the JDK's Mac. */
class FrameMacTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231TestCases1And2() {
        FrameMac one = new FrameMac(HEX.parseHex("0b".repeat(20)));
        one.update("Hi There".getBytes(StandardCharsets.US_ASCII));
        assertThat(HEX.formatHex(one.doFinal()))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        FrameMac two = new FrameMac("Jefe".getBytes(StandardCharsets.US_ASCII));
        two.update("what do ya want ".getBytes(StandardCharsets.US_ASCII));
        two.update(ByteBuffer.wrap("for nothing?".getBytes(StandardCharsets.US_ASCII)));
        assertThat(HEX.formatHex(two.doFinal()))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void matchesTheJdkForManyMessagesInARowInHeapAndDirectBuffers() throws Exception {
        Random random = new Random(42);
        byte[] key = new byte[ClusterKey.BYTES];
        random.nextBytes(key);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        FrameMac ours = new FrameMac(key);
        byte[] out = new byte[ClusterKey.MAC_BYTES + 3];
        for (int i = 0; i < 300; i++) {
            byte[] head = new byte[random.nextInt(40)];
            byte[] body = new byte[random.nextInt(1000)];
            random.nextBytes(head);
            random.nextBytes(body);
            jdk.update(head);
            jdk.update(body);
            ours.update(head);
            ByteBuffer direct = ByteBuffer.allocateDirect(body.length).put(body).flip();
            ours.update(direct);
            ours.doFinal(out, 3);
            assertThat(Arrays.copyOfRange(out, 3, out.length)).as("message %d", i).isEqualTo(jdk.doFinal());
        }
        assertThat(ours.doFinal()).as("an empty message after the others").isEqualTo(jdk.doFinal());
    }
}
