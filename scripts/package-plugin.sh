#!/usr/bin/env bash
# Builds the two installable forms of the Elgg plugin "klussen" from plugin-glue/:
#
#   build/plugin/elgg4/klussen/   Elgg 4.x-6.x: composer.json + elgg-plugin.php, no start.php
#   build/plugin/elgg1/klussen/   Elgg 1.8-2.x: manifest.xml + start.php
#
# and a tarball of each (build/plugin/klussen-elgg4.tar.gz, klussen-elgg1.tar.gz). An operator
# copies the folder for their Elgg version to the site as mod/klussen. One folder cannot serve
# both: Elgg 4.0+ refuses a plugin folder that contains start.php.
#
#   scripts/package-plugin.sh [OUT_DIR]      default OUT_DIR: build/plugin
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/plugin-glue"
out="${1:-$root/build/plugin}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"

# Files only one generation reads (paths relative to plugin-glue/).
elgg4_only=(composer.json elgg-plugin.php
  classes/Klussen/Elgg/Bootstrap.php classes/Klussen/Elgg/Menus.php
  classes/Klussen/Elgg/DefaultWidgets.php classes/Klussen/Elgg/PageController.php
  classes/Klussen/Elgg/ExportController.php views/default/groups/profile/module/klussen.php)

copy_common() {
  local dest="$1"
  rm -rf "$dest" && mkdir -p "$dest"
  # Everything but the tests, the 1.x registration files and editor/OS droppings.
  (cd "$src" && find . -type f ! -path './tests/*' ! -path './elgg1/*' ! -name 'phpunit.xml.dist' \
      ! -name '*.swp' ! -name '.DS_Store' -print0) |
    (cd "$src" && xargs -0 cp --parents -t "$dest")
}

copy_common "$out/elgg4/klussen"

copy_common "$out/elgg1/klussen"
for file in "${elgg4_only[@]}"; do rm -f "$out/elgg1/klussen/$file"; done
cp "$src/elgg1/manifest.xml" "$src/elgg1/start.php" "$out/elgg1/klussen/"
mkdir -p "$out/elgg1/klussen/views/default/klussen"
cp "$src/elgg1/group_module.php" "$out/elgg1/klussen/views/default/klussen/group_module.php"
find "$out/elgg1/klussen" -type d -empty -delete

for form in elgg4 elgg1; do
  tar -C "$out/$form" -czf "$out/klussen-$form.tar.gz" klussen
done
echo "$out/elgg4/klussen (Elgg 4.x-6.x) and $out/elgg1/klussen (Elgg 1.8-2.x)"
