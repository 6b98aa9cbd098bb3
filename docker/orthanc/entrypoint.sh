#!/bin/sh
# Starts Orthanc with the production configuration plus a users file generated from the
# environment: Orthanc 1.10 reads RegisteredUsers only from its configuration, and it merges
# every *.json of the folder it is given, so the secret never lives in the image or the repository.
set -eu

: "${ORTHANC_USERNAME:?ORTHANC_USERNAME is required (Orthanc HTTP user)}"
: "${ORTHANC_PASSWORD:?ORTHANC_PASSWORD is required (Orthanc HTTP password)}"

# The values are written into JSON without an escaper (the image has no jq): refuse characters
# that would need escaping instead of producing a broken or injectable file.
for value in "$ORTHANC_USERNAME" "$ORTHANC_PASSWORD"; do
  case "$value" in
    *'"'* | *'\'* | *'
'*)
      echo 'ORTHANC_USERNAME and ORTHANC_PASSWORD must not contain ", \ or a line break' >&2
      exit 2
      ;;
  esac
done

# The folders and the binary can be overridden for test/unit/deployment.test.ts only.
source_dir=${HER2_ORTHANC_CONFIG_SOURCE:-/etc/her2-orthanc}
config_dir=${HER2_ORTHANC_CONFIG_DIR:-/run/her2-orthanc}
umask 077
cp "$source_dir/orthanc.production.json" "$config_dir/orthanc.json"
printf '{ "RegisteredUsers": { "%s": "%s" } }\n' "$ORTHANC_USERNAME" "$ORTHANC_PASSWORD" \
  >"$config_dir/users.json"

exec "${HER2_ORTHANC_BIN:-/usr/sbin/Orthanc}" "$config_dir"
