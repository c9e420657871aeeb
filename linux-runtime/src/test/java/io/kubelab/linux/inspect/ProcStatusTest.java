package io.kubelab.linux.inspect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatusTest {
    /** Part of /proc/<pid>/status of a process runc started with Docker's defaults. */
    private static final String CONTAINER = """
            Name:\tsleep
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            CapInh:\t0000000000000000
            CapPrm:\t00000000a80425fb
            CapEff:\t00000000a80425fb
            CapBnd:\t00000000a80425fb
            CapAmb:\t0000000000000000
            NoNewPrivs:\t1
            Seccomp:\t2
            Seccomp_filters:\t1
            Speculation_Store_Bypass:\tthread vulnerable
            """;

    @Test
    void readsTheSecurityLinesOfAContainer() {
        ProcStatus s = ProcStatus.parse(CONTAINER);
        assertThat(s.seccomp()).isEqualTo(2);
        assertThat(s.seccompMode()).isEqualTo("filter");
        assertThat(s.seccompFilters()).isEqualTo(1);
        assertThat(s.noNewPrivs()).isEqualTo(1);
        assertThat(s.capEff()).isEqualTo(0xa80425fbL);
        assertThat(s.effective()).hasSize(14).contains("CAP_NET_BIND_SERVICE").doesNotContain("CAP_SYS_ADMIN");
        assertThat(s.bounding()).isEqualTo(s.effective());
    }

    @Test
    void aHostRootShellHasEveryCapabilityAndNoFilter() {
        ProcStatus s = ProcStatus.parse("""
                CapEff:\t000001ffffffffff
                CapBnd:\t000001ffffffffff
                NoNewPrivs:\t0
                Seccomp:\t0
                """);
        assertThat(s.seccompMode()).isEqualTo("disabled");
        assertThat(s.seccompFilters()).as("an older kernel has no Seccomp_filters line").isEqualTo(-1);
        assertThat(s.effective()).hasSize(41).contains("CAP_SYS_ADMIN");
    }
}
