<?php
/**
 * Elgg 3.x+ group profile module of the group tool "klussen".
 */
$group = elgg_extract('entity', $vars, elgg_get_page_owner_entity());
$html = \Klussen\Elgg\Glue::groupModule($group);
if ($html !== '') {
    echo elgg_view('groups/profile/module', [
        'title' => elgg_echo('klussen:group:module'),
        'content' => $html,
        'all_link' => elgg_view('output/url', [
            'href' => elgg_get_site_url() . 'klussen/group/' . $group->guid,
            'text' => elgg_echo('klussen:group:all'),
        ]),
    ]);
}
