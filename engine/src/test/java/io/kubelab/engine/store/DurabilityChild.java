package io.kubelab.engine.store;

import io.kubelab.engine.model.Kube;
import io.kubelab.engine.model.ResourceTypes;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The process the crash test kills. It warms up, waits for {@code GO <seed>} on stdin (so the test
 * can start the next child while the current one runs), opens a {@link Store} on the state folder
 * and writes {@link DurabilityWorkload}'s stream forever, printing {@code ACK <i> <kind> <name> <rev>}
 * after each write returned, and {@code READY <revision>} once the store is open.
 *
 * <p>Arguments: the state folder and the journal size that triggers a snapshot. {@code TRAIN}
 * instead of {@code GO} runs a short workload and exits normally (for a class-data archive).
 */
public final class DurabilityChild {
    private DurabilityChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long compactAfter = Long.parseLong(args[1]);
        // Warm up the classes the writes use before the test starts the clock on us.
        Kube.toJson(DurabilityWorkload.configMap(new DurabilityWorkload.Op(DurabilityWorkload.Kind.CREATE, "warm", "x")));
        ResourceTypes.all();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.print("WARM\n");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        if (go != null && go.startsWith("TRAIN")) {
            // A run that exits normally, so the JVM can write a class-data archive for the real children.
            Store store = new Store(new Journal(dir, false), 1000, compactAfter);
            DurabilityWorkload workload = new DurabilityWorkload(1);
            Map<String, String> model = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                DurabilityWorkload.Op op = workload.next(model);
                DurabilityWorkload.applyToStore(store, op);
                DurabilityWorkload.applyToModel(model, op);
            }
            store.close();
            return;
        }
        if (go == null || !go.startsWith("GO ")) {
            return;
        }
        DurabilityWorkload workload = new DurabilityWorkload(Long.parseLong(go.substring(3).trim()));
        Store store = new Store(new Journal(dir, false), 1000, compactAfter);
        Map<String, String> model = new HashMap<>();
        store.<io.fabric8.kubernetes.api.model.ConfigMap>list(ResourceTypes.CONFIGMAPS, null).items()
                .forEach(cm -> model.put(cm.getMetadata().getName(), cm.getData().get("v")));
        out.print("READY " + store.revision() + "\n");
        for (long i = 0; ; i++) {
            DurabilityWorkload.Op op = workload.next(model);
            long rev = DurabilityWorkload.applyToStore(store, op);
            DurabilityWorkload.applyToModel(model, op);
            // One write(2) per line: a kill never leaves half a line in the pipe.
            out.print("ACK " + i + " " + op.kind() + " " + op.name() + " " + rev + "\n");
        }
    }
}
