package dev.shadowbot.bot.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shadowbot.bot.web.WebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private final WebhookSignature sig = new WebhookSignature("It's a Secret to Everybody");
    private final byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesGitHubsDocumentedExample() {
        // From GitHub's "Validating webhook deliveries" page.
        assertEquals("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", sig.header(body));
        assertEquals(Verdict.VALID, sig.verify(
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", body));
    }

    @Test
    void rejectsMissingWrongAlgorithmMalformedAndMismatchedSignatures() {
        assertEquals(Verdict.MISSING, sig.verify(null, body));
        assertEquals(Verdict.MISSING, sig.verify(" ", body));
        assertEquals(Verdict.WRONG_ALGORITHM, sig.verify("sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59", body));
        assertEquals(Verdict.MALFORMED, sig.verify("sha256=xyz", body));
        assertEquals(Verdict.MISMATCH, sig.verify(sig.header(body), "Hello, World?".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Verdict.MISMATCH, sig.verify(new WebhookSignature("another secret").header(body), body));
        assertEquals(Verdict.MISMATCH, sig.verify("sha256=" + "00".repeat(32), body));
        assertEquals(Verdict.MISMATCH, sig.verify(sig.header(body).substring(0, 21), body));
    }
}
