#!/bin/sh
# Builds an "nginx" image for Kubelab's real mode from Debian's nginx package, without a registry:
# the nginx binary, the libraries ldd lists for it, a minimal configuration like the official
# image's (port 80, the welcome page, access log to stdout, error log to stderr) and busybox for
# a shell (kubectl exec … -- sh). The result is a `docker save` tarball that Kubelab's image store
# imports (`kubelab image import nginx.tar`).
#
#   sudo scripts/nginx-image.sh nginx.tar [tag]      # tag: nginx:latest
#
# Debian's package is downloaded and unpacked (apt-get download, dpkg -x), not installed: nothing
# is started on the host. Needs apt-get, dpkg, ldd, tar, sha256sum and busybox (busybox-static).
set -eu

out=${1:?usage: nginx-image.sh OUT.tar [tag]}
tag=${2:-nginx:latest}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

if [ -x /usr/sbin/nginx ] && [ -z "${NGINX_FROM_PACKAGE:-}" ]; then
  nginx=/usr/sbin/nginx
else
  mkdir pkg
  (cd pkg && apt-get download nginx >/dev/null 2>&1 || apt-get download nginx)
  dpkg -x pkg/nginx_*.deb pkg/x
  nginx=$work/pkg/x/usr/sbin/nginx
fi
version=$("$nginx" -v 2>&1 | sed 's|.*nginx/||')

r=$work/rootfs
mkdir -p "$r/usr/sbin" "$r/bin" "$r/etc/nginx/conf.d" "$r/usr/share/nginx/html" "$r/var/log/nginx" \
  "$r/var/lib/nginx" "$r/var/cache/nginx" "$r/run" "$r/tmp" "$r/dev" "$r/proc" "$r/sys" "$r/root"
chmod 1777 "$r/tmp"
cp "$nginx" "$r/usr/sbin/nginx"
# the libraries and the dynamic loader, at the paths the binary asks for
for lib in $(ldd "$nginx" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
  mkdir -p "$r$(dirname "$lib")"
  cp -L "$lib" "$r$lib"
done

# a shell and the usual tools, as relative links (absolute ones would point out of the rootfs)
cp "$(command -v busybox)" "$r/bin/busybox"
for applet in $("$r/bin/busybox" --list); do
  [ "$applet" = busybox ] || [ -e "$r/bin/$applet" ] || ln -s busybox "$r/bin/$applet"
done

cat > "$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nginx:x:101:101:nginx user:/nonexistent:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat > "$r/etc/group" <<'EOF'
root:x:0:
nginx:x:101:
nogroup:x:65534:
EOF
cat > "$r/etc/nginx/mime.types" <<'EOF'
types {
    text/html                html htm shtml;
    text/css                 css;
    text/plain               txt;
    application/javascript   js;
    application/json         json;
    image/png                png;
    image/svg+xml            svg;
}
EOF
# like the official image's nginx.conf and conf.d/default.conf (IPv4 only: pods here have no IPv6)
cat > "$r/etc/nginx/nginx.conf" <<'EOF'
user  nginx;
worker_processes  auto;
error_log  /dev/stderr notice;
pid        /run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';
    access_log  /dev/stdout  main;
    sendfile        on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
EOF
cat > "$r/etc/nginx/conf.d/default.conf" <<'EOF'
server {
    listen       80;
    server_name  localhost;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
EOF
cat > "$r/usr/share/nginx/html/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
EOF
cp "$r/usr/share/nginx/html/index.html" "$r/usr/share/nginx/html/50x.html"
chown -R 101:101 "$r/var/cache/nginx" "$r/var/lib/nginx"

# docker save layout: one layer, its config, the manifest
img=$work/image
mkdir "$img"
tar --numeric-owner -C "$r" -cf "$img/layer.tar" .
diff=$(sha256sum "$img/layer.tar" | cut -d' ' -f1)
cat > "$img/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","NGINX_VERSION=$version"],
  "Cmd":["nginx","-g","daemon off;"],"ExposedPorts":{"80/tcp":{}},"StopSignal":"SIGQUIT"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff"]}}
EOF
cat > "$img/manifest.json" <<EOF
[{"Config":"config.json","RepoTags":["$tag"],"Layers":["layer.tar"]}]
EOF
tar -C "$img" -cf "$out" manifest.json config.json layer.tar
echo "$out: $tag (nginx $version from Debian, $(du -sh "$r" | cut -f1) unpacked)"
