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

config_dir=/run/her2-orthanc
umask 077
cp /etc/her2-orthanc/orthanc.json "$config_dir/orthanc.json"
printf '{ "RegisteredUsers": { "%s": "%s" } }\n' "$ORTHANC_USERNAME" "$ORTHANC_PASSWORD" \
  >"$config_dir/users.json"

exec Orthanc "$config_dir"
