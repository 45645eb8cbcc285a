package dev.usher.web;

import dev.usher.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --trusted-proxy}: what it takes, and which addresses its ranges hold (the HTTP side is in RateLimitTest). */
class ClientAddressTest {

    @Test
    void ranges_hold_the_addresses_they_name_in_ipv4_and_ipv6_and_nothing_that_is_not_an_address() {
        ClientAddress.Range lan = range("10.0.1.0/24");
        assertThat(lan.contains(ClientAddress.literal("10.0.1.200"))).isTrue();
        assertThat(lan.contains(ClientAddress.literal("10.0.2.1"))).isFalse();
        assertThat(lan.contains(ClientAddress.literal("::ffff:10.0.1.7"))).as("IPv4-mapped").isTrue();
        ClientAddress.Range v6 = range("fd00:1::/32");
        assertThat(v6.contains(ClientAddress.literal("[fd00:1:ffff::5]"))).isTrue();
        assertThat(v6.contains(ClientAddress.literal("fd00:2::5"))).isFalse();
        assertThat(v6.contains(ClientAddress.literal("10.0.1.7"))).isFalse();
        assertThat(range("192.0.2.9").contains(ClientAddress.literal("192.0.2.9"))).isTrue();
        assertThat(range("192.0.2.9").contains(ClientAddress.literal("192.0.2.8"))).isFalse();
        for (String notAnAddress : new String[]{"unknown", "proxy.example.org", "300.1.1.1", "10.0.0.1:8080", "", "abc.def"}) {
            assertThat(ClientAddress.literal(notAnAddress)).as(notAnAddress).isNull();
        }
    }

    @Test
    void a_trusted_proxy_that_is_not_an_address_or_range_is_refused_at_start_up_in_words() {
        for (String wrong : new String[]{"proxy.example.org", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.1/8/8"}) {
            assertThatThrownBy(() -> Config.fromArgs(new String[]{"--trusted-proxy", wrong}, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--trusted-proxy takes IP addresses or ranges").hasMessageContaining(wrong);
        }
        assertThat(Config.fromArgs(new String[]{"--trusted-proxy", "10.0.0.5, 10.0.1.0/24"}, Map.of()).trustedProxies())
                .containsExactly("10.0.0.5", "10.0.1.0/24");
    }

    private static ClientAddress.Range range(String text) {
        return ClientAddress.range(text);
    }
}
