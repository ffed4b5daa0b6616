#!/usr/bin/env bash
# Checks the two plugin packages that scripts/package-plugin.sh built (default build/plugin):
# each holds what its Elgg generation reads and nothing the other generation would trip over
# (Elgg 4.0+ refuses a folder with start.php), every PHP file parses, the 1.x manifest is
# well-formed XML, and both carry the same shared core, actions, languages and views.
#   tests/packaging/check-plugin-packages.sh [PACKAGE_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/build/plugin}"
elgg4="$out/elgg4/klussen"
elgg1="$out/elgg1/klussen"
failures=0
fail() { echo "check-plugin-packages: $*" >&2; failures=$((failures + 1)); }
must() { [ -e "$1/$2" ] || fail "${1#"$out"/} lacks $2"; }
mustnt() { [ ! -e "$1/$2" ] || fail "${1#"$out"/} must not contain $2"; }

for file in composer.json elgg-plugin.php classes/Klussen/Elgg/Bootstrap.php classes/Klussen/Elgg/PageController.php \
    views/default/groups/profile/module/klussen.php; do must "$elgg4" "$file"; done
for file in start.php manifest.xml tests phpunit.xml.dist elgg1; do mustnt "$elgg4" "$file"; done
for file in start.php manifest.xml views/default/klussen/group_module.php; do must "$elgg1" "$file"; done
for file in elgg-plugin.php composer.json classes/Klussen/Elgg/Bootstrap.php tests elgg1; do mustnt "$elgg1" "$file"; done
for form in elgg4 elgg1; do [ -s "$out/klussen-$form.tar.gz" ] || fail "no klussen-$form.tar.gz"; done

# The shared parts are the same files in both.
for dir in actions languages classes/Klussen/Core views/default/klussen/css.php views/default/plugins views/default/widgets; do
  diff -r "$elgg4/$dir" "$elgg1/$dir" >/dev/null || fail "$dir differs between the packages"
done
# Each action start.php registers has its file.
for action in $(php -r 'require $argv[1]; echo implode(" ", Klussen\Core\FormForwarder::ACTIONS);' \
    "$elgg1/classes/Klussen/Core/FormForwarder.php"); do
  must "$elgg1" "actions/klussen/$action.php"
done
php -r 'libxml_use_internal_errors(true); exit(simplexml_load_file($argv[1]) === false ? 1 : 0);' "$elgg1/manifest.xml" ||
  fail "elgg1/klussen/manifest.xml is not well-formed XML"
while IFS= read -r -d '' file; do
  php -l "$file" >/dev/null 2>&1 || fail "${file#"$out"/} does not parse"
done < <(find "$elgg4" "$elgg1" -name '*.php' -print0)

if [ "$failures" -ne 0 ]; then
  exit 1
fi
echo "plugin packages ok: $(find "$elgg4" -type f | wc -l) files for Elgg 4.x-6.x, $(find "$elgg1" -type f | wc -l) for Elgg 1.8-2.x"
