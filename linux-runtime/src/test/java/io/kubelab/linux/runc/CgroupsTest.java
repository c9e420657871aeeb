package io.kubelab.linux.runc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupsTest {
    @ParameterizedTest(name = "cpu.shares {0} -> cpu.weight {1}")
    @CsvSource({"2,1", "102,4", "256,10", "512,20", "1024,39", "1536,59", "262144,10000", "0,0"})
    void sharesToWeightAsRuncConvertsThem(long shares, long weight) {
        assertThat(Cgroups.cpuWeight(shares)).isEqualTo(weight);
    }
}
