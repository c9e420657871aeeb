package io.kubelab.engine.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubelab.engine.model.Kube;
import io.kubelab.engine.runtime.LinuxContainerResources;
import io.kubelab.engine.runtime.Mount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's {@code LinuxContainerResources} and mounts, as {@code generateLinuxContainerResources} makes them. */
class ContainerResourcesTest {

    private static Pod pod(String resources) throws Exception {
        return Kube.YAML.readValue("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  volumes:
                  - name: cache
                    emptyDir: {}
                  - name: config
                    configMap: {name: app}
                  containers:
                  - name: c
                    image: busybox
                    resources: %s
                    volumeMounts:
                    - {name: cache, mountPath: /cache}
                    - {name: config, mountPath: /etc/app}
                    - {name: cache, mountPath: /ro, readOnly: true}
                """.formatted(resources), Pod.class);
    }

    @ParameterizedTest(name = "{0} -> period {1}, quota {2}, shares {3}, memory {4}")
    @CsvSource(delimiter = '|', value = {
            "{requests: {cpu: 250m}, limits: {cpu: 500m, memory: 64Mi}} | 100000 | 50000 | 256 | 67108864",
            "{limits: {cpu: 500m}}                                     | 100000 | 50000 | 512 | 0",
            "{limits: {cpu: '1.5'}}                                    | 100000 | 150000 | 1536 | 0",
            "{requests: {cpu: '2'}}                                    | 0      | 0      | 2048 | 0",
            "{requests: {cpu: 1m}, limits: {cpu: 5m}}                  | 100000 | 1000   | 2    | 0",
            "{}                                                        | 0      | 0      | 2    | 0",
            "{limits: {memory: 128M}}                                  | 0      | 0      | 2    | 128000000"})
    void cpuAndMemoryAsTheKubeletConvertsThem(String resources, long period, long quota, long shares, long memory) throws Exception {
        Pod p = pod(resources);
        assertThat(ContainerResources.of(p.getSpec().getContainers().get(0)))
                .isEqualTo(new LinuxContainerResources(period, quota, shares, memory));
    }

    @Test
    void onlyEmptyDirVolumesAreMountedInTheirOrder() throws Exception {
        Pod p = pod("{}");
        assertThat(ContainerResources.mounts(p, p.getSpec().getContainers().get(0)))
                .containsExactly(new Mount("cache", "/cache", false), new Mount("cache", "/ro", true));
    }
}
