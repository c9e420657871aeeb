package io.kubelab.linux.net;

import java.util.List;

/**
 * A Kubelab run that will be killed: makes a cluster network (id from the first argument), says
 * {@code ready}, and waits to be SIGKILLed, leaving its namespaces behind as a crash would.
 */
public final class OrphanMaker {
    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        ClusterNetwork net = ClusterNetwork.create(args[0], List.of("minikube", "minikube-m02"));
        FakePod pod = FakePod.start("orphan");
        net.attach("minikube", "sandbox-orphan", pod.pid());
        // and a sandbox whose namespace was pinned before its pause ran (the runtime's way)
        net.pinNetns("minikube", "0a1b2c3d4e5f60718293");
        net.attachPinned("minikube", "0a1b2c3d4e5f60718293");
        System.out.println("ready " + pod.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
