# The official Python client (python3-kubernetes) against Kubelab: one "ok <check>" line per check.
import sys
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.stream import stream

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
apps = client.AppsV1Api()


def ok(name, condition, detail=""):
    print(("ok " if condition else "FAILED ") + name + ("" if condition else ": " + str(detail)))


v = client.VersionApi().get_code()
ok("version", v.git_version == "v1.31.4", v.git_version)
nodes = core.list_node().items
ok("list nodes", len(nodes) == 1 and nodes[0].status.node_info.kubelet_version == "v1.31.4", nodes)
pods = core.list_namespaced_pod("default").items
ok("list pods", [p.metadata.name for p in pods] == ["web"], pods)

dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "py"},
       "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "py"}},
                "template": {"metadata": {"labels": {"app": "py"}},
                             "spec": {"containers": [{"name": "c", "image": "nginx", "ports": [{"containerPort": 80}]}]}}}}
d = apps.create_namespaced_deployment("default", dep)
ok("create deployment", d.metadata.name == "py" and d.metadata.generation == 1)
d = apps.read_namespaced_deployment("py", "default")
ok("read deployment", d.spec.strategy.rolling_update.max_surge == "25%", d.spec.strategy)
s = apps.patch_namespaced_deployment_scale("py", "default", {"spec": {"replicas": 4}})
ok("scale (strategic merge patch)", s.spec.replicas == 4, s)
d = apps.patch_namespaced_deployment("py", "default",
                                     {"spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx:1.25"}]}}}})
c = d.spec.template.spec.containers[0]
ok("patch image", c.image == "nginx:1.25" and c.ports[0].container_port == 80, c)
ok("list replicasets", apps.list_namespaced_replica_set("default").items == [])
svc = core.create_namespaced_service("default", {"metadata": {"name": "pysvc"},
                                                 "spec": {"selector": {"app": "py"}, "ports": [{"port": 80}]}})
ok("create service", svc.spec.cluster_ip.startswith("10.0.0."), svc.spec.cluster_ip)
try:
    core.read_namespaced_service("missing", "default")
    ok("missing service is a 404", False)
except ApiException as e:
    ok("missing service is a 404", e.status == 404 and "services \\\"missing\\\" not found" in e.body, e.body)

core.create_namespaced_config_map("default", {"metadata": {"name": "watched"}})
w = watch.Watch()
names = [ev["object"].metadata.name for ev in w.stream(core.list_namespaced_config_map, "default", timeout_seconds=2)]
ok("watch (watch=True, timeout_seconds)", names == ["watched"], names)
ok("list events", core.list_namespaced_event("default").items == [])
ok("list endpoints", [e.metadata.name for e in core.list_namespaced_endpoints("default").items] == ["kubernetes"])
log = core.read_namespaced_pod_log("web", "default")
ok("pod log (first container)", log == "nginx: starting\n", repr(log))
out = stream(core.connect_get_namespaced_pod_exec, "web", "default", command=["echo", "from", "python"],
             stderr=True, stdin=False, stdout=True, tty=False)
ok("exec (WebSocket v4)", out == "from python\n", repr(out))
r = apps.delete_namespaced_deployment("py", "default")
ok("delete deployment", r.status == "Success", r)
core.delete_namespaced_service("pysvc", "default")
ok("delete service", [s.metadata.name for s in core.list_namespaced_service("default").items] == ["kubernetes"])
p = core.delete_namespaced_pod("web", "default")
ok("delete pod returns the pod", p.metadata.name == "web" and p.metadata.deletion_timestamp is not None, p.metadata)
