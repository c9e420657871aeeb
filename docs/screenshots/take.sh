#!/usr/bin/env bash
# Takes the screenshots of the real app under a virtual X display: the main window over the
# "showcase" scenario, in the light, dark and projector themes and in Traditional Chinese; a lesson
# in progress and presenter mode over the deck's nginx.
#
#   docs/screenshots/take.sh                      # writes every docs/screenshots/*.png it knows
#   docs/screenshots/take.sh presenter-mode       # only the shots named
#   DELAY=30 docs/screenshots/take.sh             # on a slow machine: wait longer before each shot (seconds)
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

shot main-light light en
shot main-dark dark en
shot main-projector projector en
shot main-zh-TW light zh-TW
# Step 4 of "A Service for nginx", its check passed, one hint shown.
learn lesson-in-progress -Dkubelab.lesson=11-nginx-service/nodeport -Dkubelab.lesson.hints=1
# The presenter's window on the deck's nginx slide, which has a checkpoint to load.
learn presenter-mode -Dkubelab.slide=25 -Dkubelab.present=true
ls -l "$out"/*.png
