package dev.usher;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks shared by the HTTP tests. */
public final class ApiAssertions {
    private ApiAssertions() {
    }

    /** The answer is {@code status} with the error shape {@code {"error": code, "message": ...}}. */
    public static void assertError(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
    }
}
