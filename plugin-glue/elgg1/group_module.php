<?php
/**
 * Elgg 1.x group profile module (extends groups/tool_latest): the group's open klussen.
 */
$group = elgg_get_page_owner_entity();
$html = \Klussen\Elgg\Glue::groupModule($group);
if ($html !== '') {
    echo '<div class="groups-profile-module klussen-group-module">' . $html . '</div>';
}
