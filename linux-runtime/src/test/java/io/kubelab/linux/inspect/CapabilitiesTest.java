package io.kubelab.linux.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilitiesTest {

    @ParameterizedTest(name = "{0} -> {1} capabilities")
    @CsvSource({
            // Docker's default set: bits 0 1 3 4 5 6 7 8 10 13 18 27 29 31
            "00000000a80425fb, 14",
            // a root shell on the host: every one of 41 (bits 0–40)
            "000001ffffffffff, 41",
            // nothing at all
            "0000000000000000, 0",
            // CAP_SYS_ADMIN alone: bit 21 = 0x200000
            "0000000000200000, 1",
    })
    void countsTheBitsOfAMask(String hex, int count) {
        assertThat(Capabilities.decode(Capabilities.parse(hex))).hasSize(count);
    }

    @org.junit.jupiter.api.Test
    void dockersDefaultSetReadsAsItsFourteenNamesAndLacksSysAdmin() {
        List<String> names = Capabilities.decode(Capabilities.parse("00000000a80425fb"));
        assertThat(names).containsExactly("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT",
                "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP");
        assertThat(names).doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN");
        // the runtime's own list of the set, decoded from the same mask
        assertThat(names).containsExactlyInAnyOrderElementsOf(io.kubelab.linux.oci.SecurityDefaults.CAPABILITIES);
    }

    @ParameterizedTest(name = "bit {0} is {1}")
    @CsvSource({"0, CAP_CHOWN", "12, CAP_NET_ADMIN", "21, CAP_SYS_ADMIN", "40, CAP_CHECKPOINT_RESTORE", "41, CAP_41"})
    void namesBitsAsTheKernelHeaderDoes(int bit, String name) {
        assertThat(Capabilities.name(bit)).isEqualTo(name);
    }
}
