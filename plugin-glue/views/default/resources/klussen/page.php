<?php
/**
 * Elgg 4.x-6.x resource of the routes default:klussen (/klussen/{segment}/{id?}) and
 * default:klussen:portfolio (/klussen/portfolio/{page}).
 */
$segments = [(string) elgg_extract('segment', $vars, 'mine')];
$id = elgg_extract('id', $vars);
if ($id !== null && $id !== '') {
    $segments[] = (string) $id;
}
$page = elgg_extract('page', $vars);          // default:klussen:portfolio
if ($segments[0] === 'portfolio' && is_string($page) && $page !== '') {
    $segments = ['portfolio', $page];
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
