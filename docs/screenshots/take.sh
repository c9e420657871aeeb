#!/usr/bin/env bash
# Takes the screenshots of the real app: the main window over the "showcase" scenario, in the
# light, dark and projector themes and in Traditional Chinese, under a virtual X display.
#
#   docs/screenshots/take.sh            # writes docs/screenshots/main-*.png
#   DELAY=20 docs/screenshots/take.sh   # on a slow machine: wait longer before each shot (seconds)
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

shot() { # name theme lang [extra -D…]
  local name=$1 theme=$2 lang=$3
  shift 3
  xvfb-run -a -s "-screen 0 1600x1000x24" \
    java -Dkubelab.demo=showcase -Dkubelab.theme="$theme" -Dkubelab.lang="$lang" \
      -Dkubelab.select=pods/default/crashy -Dkubelab.size=1440x900 \
      -Dkubelab.screenshot="$out/$name.png" -Dkubelab.screenshot.delay="${DELAY:-20}" "$@" \
      -cp "$cp" io.kubelab.app.Launcher
}

shot main-light light en
shot main-dark dark en
shot main-projector projector en
shot main-zh-TW light zh-TW
ls -l "$out"/*.png
