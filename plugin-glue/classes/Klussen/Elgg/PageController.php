<?php

namespace Klussen\Elgg;

use Elgg\Exceptions\Http\EntityPermissionsException;
use Elgg\Exceptions\Http\PageNotFoundException;
use Elgg\Exceptions\HttpException;

/**
 * Elgg 4.x-6.x controller of the klussen pages (routes default:klussen, collection:klussen:own,
 * default:klussen:portfolio). A controller rather than a resource view because only a response
 * object carries the HTTP status: 404 and 403 become Elgg's own error pages with our message;
 * everything else is an Elgg page with the fragment, the group as page owner where the page is
 * about a group, breadcrumbs and the klussen sidebar.
 */
class PageController
{
    /**
     * @param \Elgg\Request $request
     * @return \Elgg\Http\ResponseBuilder
     */
    public function __invoke($request)
    {
        $segment = (string) $request->getParam('segment', 'mine');
        $segments = [$segment];
        $page = $request->getParam('page');
        $id = $request->getParam('id');
        if ($segment === 'portfolio' && is_string($page) && $page !== '') {
            $segments[] = $page;
        } elseif ($id !== null && $id !== '') {
            $segments[] = (string) $id;
        }

        elgg_push_context('klussen');
        $content = Glue::pageContent($segments);
        if ($content === null) {
            throw new PageNotFoundException();
        }
        list($title, $html, $status, $group) = $content;
        if ($status === 404) {
            throw new PageNotFoundException(elgg_echo('klussen:error:not_found'));
        }
        if ($status === 403) {
            throw new EntityPermissionsException(elgg_echo('klussen:error:permission_denied'));
        }
        if ($status >= 400) {
            throw new HttpException(elgg_echo('klussen:error:generic'), $status);
        }

        if ($group instanceof \ElggGroup) {
            elgg_set_page_owner_guid($group->guid);
            elgg_push_breadcrumb(elgg_echo('groups'), elgg_generate_url('collection:group:group:all'));
            elgg_push_breadcrumb($group->getDisplayName(), $group->getURL());
            if ($segment !== 'group') {
                elgg_push_breadcrumb(elgg_echo('klussen'), elgg_generate_url('default:klussen', ['segment' => 'group', 'id' => $group->guid]));
            }
        } else {
            elgg_push_breadcrumb(elgg_echo('klussen'), elgg_generate_url('collection:klussen:own', ['segment' => 'voor-jou']));
        }

        return elgg_ok_response(elgg_view_page($title, [
            'content' => '<div class="klussen-page">' . $html . '</div>',
            'filter' => false,
            // Elgg sorts the sidebar menu by item name; ours has a reading order (Menus::page).
            'page_menu_params' => ['sort_by' => 'priority'],
        ]));
    }
}
