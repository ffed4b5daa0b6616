<?php
/**
 * Elgg 4.x-6.x resource of the route default:klussen (/klussen/{segment}/{id?}).
 */
$segments = [(string) elgg_extract('segment', $vars, 'mine')];
$id = elgg_extract('id', $vars);
if ($id !== null && $id !== '') {
    $segments[] = (string) $id;
}
$content = \Klussen\Elgg\Glue::pageContent($segments);
if ($content === null) {
    throw new \Elgg\Exceptions\Http\PageNotFoundException();
}
list($title, $html, $status) = $content;
if ($status !== 200) {
    http_response_code($status);
}
echo elgg_view_page($title, ['content' => $html, 'filter' => false]);
