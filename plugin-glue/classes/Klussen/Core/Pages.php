<?php

namespace Klussen\Core;

/**
 * The plugin's pages, the same for every host: klussen/group/<guid>, klussen/view/<id>,
 * klussen/add/<group guid>, klussen/edit/<id>, klussen/responses/<id>, klussen/mine. Each page is
 * one or two sidecar fragments; the host adds its own chrome (layout, title, menus).
 */
final class Pages
{
    public const NAMES = ['group', 'view', 'add', 'edit', 'responses', 'mine'];

    /** @var FragmentEmbedder */
    private $embedder;

    public function __construct(FragmentEmbedder $embedder)
    {
        $this->embedder = $embedder;
    }

    /**
     * The page's content, or null for a page that does not exist (answer 404).
     *
     * @param array<int, string> $segments the path after "klussen/", e.g. ["view", "12"]
     * @param array<string, string> $query the page's query (offset, state)
     * @param array<string, mixed>|null $sticky submitted values of the form on this page, if any
     */
    public function render(array $segments, array $query = [], ?array $sticky = null): ?Fragment
    {
        $name = isset($segments[0]) ? $segments[0] : 'mine';
        $id = isset($segments[1]) && preg_match('/\A[1-9][0-9]{0,17}\z/', $segments[1]) === 1
            ? (int) $segments[1] : 0;
        if ($name !== 'mine' && $id === 0) {
            return null;
        }
        switch ($name) {
            case 'group':
                $offset = isset($query['offset']) && ctype_digit((string) $query['offset']) ? (int) $query['offset'] : 0;
                $state = isset($query['state']) && $query['state'] === 'all' ? 'all' : 'open';
                return $this->embedder->groupTab($id, $offset, $state);
            case 'view':
                return $this->embedder->klus($id);
            case 'add':
                return $this->embedder->newForm($id, $sticky);
            case 'edit':
                return $this->embedder->editForm($id, $sticky);
            case 'responses':
                return $this->embedder->responses($id);
            case 'mine':
                $involved = $this->embedder->mine('involved');
                if (!$involved->isAvailable()) {
                    return $involved;
                }
                $posted = $this->embedder->mine('posted');
                return new Fragment($involved->html() . $posted->html(), 200, $posted->isAvailable());
            default:
                return null;
        }
    }

    /** The sticky-form name a page shows ("new:<guid>", "edit:<id>"), or null. */
    public static function stickyFormOf(array $segments): ?string
    {
        $name = isset($segments[0]) ? $segments[0] : '';
        $id = isset($segments[1]) ? $segments[1] : '';
        if ($name === 'add') {
            return 'new:' . $id;
        }
        if ($name === 'edit') {
            return 'edit:' . $id;
        }
        return null;
    }
}
