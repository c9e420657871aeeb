#!/usr/bin/env bash
# Takes the screenshots of the real app under a virtual X display: the main window over the
# "showcase" scenario, in the light, dark and projector themes and in Traditional Chinese; the
# deck's nginx flow typed into the console pane, then a rolling update caught half-way; a lesson in
# progress and presenter mode over the deck's nginx; the Kernel tab on a real pod (as root only).
#
#   docs/screenshots/take.sh                          # writes every docs/screenshots/*.png it knows
#   docs/screenshots/take.sh deck-console             # only the shots named
#   DELAY=30 docs/screenshots/take.sh                 # on a slow machine: wait longer before each shot (seconds)
#
# Needs a JDK 17 and xvfb-run (Debian: apt-get install -y xvfb xauth libgtk-3-0 fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots

if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run is missing: apt-get install -y xvfb xauth libgtk-3-0 fonts-noto-cjk" >&2
  exit 1
fi

./mvnw -q -B -pl app -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="app/target/classes:$(cat app/target/classpath.txt)"

wanted() { # name: whether this run takes it
  [ ${#only[@]} -eq 0 ] && return 0
  local n
  for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}
only=("$@")

# No kubectl API in any shot (kubelab.noApi): the status bar would show this machine's kubeconfig path.
shot() { # name theme lang [extra -D…]
  local name=$1 theme=$2 lang=$3
  shift 3
  wanted "$name" || return 0
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    java -Dkubelab.demo=showcase -Dkubelab.theme="$theme" -Dkubelab.lang="$lang" -Dkubelab.noApi=true \
      -Dkubelab.select=pods/default/crashy -Dkubelab.size=1440x900 \
      -Dkubelab.screenshot="$out/$name.png" -Dkubelab.screenshot.delay="${DELAY:-20}" "$@" \
      -cp "$cp" io.kubelab.app.Launcher
}

# The lesson panel and presenter mode, over the deck's nginx Deployment and NodePort Service.
learn() { # name [extra -D…]
  local name=$1
  shift
  wanted "$name" || return 0
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    java -Dkubelab.demo=nginx -Dkubelab.theme=light -Dkubelab.lang=en -Dkubelab.noApi=true \
      -Dkubelab.size=1440x900 -Dkubelab.screenshot="$out/$name.png" -Dkubelab.screenshot.delay="${DELAY:-20}" "$@" \
      -cp "$cp" io.kubelab.app.Launcher
}

# A flow typed into the console pane of a fresh cluster: each "@SECONDS line" is typed when the
# simulated clock reaches it (time is stepped, so a busy machine gives the same picture); the clock
# stops at END, then runs again (-Dkubelab.console.pause=true: stays stopped) and the shot is taken 2 s later.
flow() { # name end script [extra -D…]
  local name=$1 end=$2 script=$3
  shift 3
  wanted "$name" || return 0
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    java -Dkubelab.theme=light -Dkubelab.lang=en -Dkubelab.noApi=true -Dkubelab.tab=console -Dkubelab.divider.bottom=0.56 \
      -Dkubelab.console="$script" -Dkubelab.console.end="$end" -Dkubelab.size=1440x900 \
      -Dkubelab.screenshot="$out/$name.png" -Dkubelab.screenshot.delay=2 "$@" \
      -cp "$cp" io.kubelab.app.Launcher
}

shot main-light light en
shot main-dark dark en
shot main-projector projector en
shot main-zh-TW light zh-TW
# A Pending pod's "why": the scheduler's per-node, per-plugin verdict for big-job.
shot pending-why light en -Dkubelab.select=pods/default/big-job -Dkubelab.inspector=why
# Step 4 of "A Service for nginx", its check passed, one hint shown.
learn lesson-in-progress -Dkubelab.lesson=11-nginx-service/nodeport -Dkubelab.lesson.hints=1
# The presenter's window on the deck's nginx slide, which has a checkpoint to load.
learn presenter-mode -Dkubelab.slide=25 -Dkubelab.present=true

# The deck's nginx flow (slides 22–24) as a student types it.
deck="@2 kubectl apply -f run-my-nginx.yaml|@3 kubectl apply -f nginx-svc-nodeport.yaml"
flow deck-console 15 "$deck|@14 kubectl get pods -o wide|@15 kubectl get svc my-nginx" \
  -Dkubelab.select=services/default/my-nginx
# A rolling update mid-way: the new ReplicaSet's pods start while an old one still serves; the clock
# stays stopped where `kubectl get pods` printed, so the view shows what the console says.
flow rolling-update 16 "$deck|@14 kubectl set image deployment/nginx-deployment my-nginx=nginx:1.27|@16 kubectl get pods" \
  -Dkubelab.select=deployments/default/nginx-deployment -Dkubelab.console.pause=true

# The inspector's Kernel tab on a real pod of two busybox containers behind a NodePort Service:
# real mode (runc, network namespaces, iptables) needs root, so without it the shot is skipped.
if wanted kernel-inspector; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "kernel-inspector: skipped, real mode needs root" >&2
  else
    xvfb-run -a -s "-screen 0 1600x1000x24" \
      java -Dkubelab.runtime=linux -Dkubelab.nodes=1 -Dkubelab.demo=kernel -Dkubelab.theme=light -Dkubelab.lang=en \
        -Dkubelab.noApi=true -Dkubelab.select=pods/default/duo -Dkubelab.inspector=kernel -Dkubelab.size=1440x900 \
        -Dkubelab.divider.side=0.45 -Dkubelab.divider.bottom=0.97 \
        -Dkubelab.screenshot="$out/kernel-inspector.png" -Dkubelab.screenshot.delay="${DELAY:-20}" \
        -cp "$cp" io.kubelab.app.Launcher
  fi
fi
# A lesson written for real containers, on the simulated cluster: its notice offers the runtime switch.
learn lesson-real-mode-notice -Dkubelab.lesson=02-kernel-features/see-namespaces
# The app on real containers (needs root: run take.sh as root; skipped otherwise): a busybox
# Deployment typed into the console, its runc pods' real IPs, and the worker's docker ps with the
# pods' pause containers. Real containers run on wall time, so the lines wait for them.
if [ "$(id -u)" = 0 ]; then
  real="@1 kubectl run web --image=busybox -- httpd -f -p 80 -h /etc|@9 kubectl get po -o wide|@10 kubectl exec web -- ps"
  flow real-mode 12 "$real|@11 minikube ssh -n minikube-m02|@12 docker ps" \
    -Dkubelab.runtime=linux -Dkubelab.nodes=2 -Dkubelab.divider.bottom=0.52 -Dkubelab.select=pods/default/web \
    -Dkubelab.lesson=02-kernel-features/see-namespaces
elif wanted real-mode; then
  echo "real-mode: needs root (real containers); run take.sh as root" >&2
fi
ls -l "$out"/*.png
