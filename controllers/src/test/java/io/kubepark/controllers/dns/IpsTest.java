package io.kubepark.controllers.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IP literals are parsed without name resolution and formatted canonically. */
class IpsTest {
    @Test
    void ipv6IsFormattedPerRfc5952() {
        assertThat(Ips.canonical("FD00:0:0:0:0:0:0:5")).isEqualTo("fd00::5");
        assertThat(Ips.canonical("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(Ips.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Ips.canonical("::")).isEqualTo("::");
    }

    @Test
    void hostNamesAndLeadingZeroOctetsAreNotAddresses() {
        assertThat(Ips.parse("example.com")).isNull();
        assertThat(Ips.parse("10.01.0.1")).isNull();
        assertThat(Ips.parse("")).isNull();
        assertThat(Ips.canonical("10.96.0.10")).isEqualTo("10.96.0.10");
    }
}
