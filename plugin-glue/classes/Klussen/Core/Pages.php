<?php

namespace Klussen\Core;

/**
 * The plugin's pages, the same for every host: klussen/group/<guid>, klussen/view/<id>,
 * klussen/add/<group guid>, klussen/edit/<id>, klussen/responses/<id>, klussen/mine,
 * klussen/voor-jou, klussen/candidates/<id>, klussen/portfolio/edit, klussen/portfolio/preview,
 * klussen/portfolio/import and the download klussen/portfolio/export. Each page is one or two
 * sidecar fragments; the host adds its own chrome (layout, title, menus).
 */
final class Pages
{
    public const NAMES = ['group', 'view', 'add', 'edit', 'responses', 'mine', 'voor-jou', 'candidates', 'portfolio'];

    /** The pages under klussen/portfolio/. */
    public const PORTFOLIO_PAGES = ['edit', 'preview', 'import', 'export'];

    /** Where FormForwarder keeps an import preview until it is saved (see importStash()). */
    public const IMPORT_STASH = 'klussen_import';

    /** The query parameters a page passes on to its fragment. */
    public const QUERY = ['offset', 'state', 'as', 'preview'];

    /** @var FragmentEmbedder */
    private $embedder;
    /** @var SessionStore|null */
    private $session;

    public function __construct(FragmentEmbedder $embedder, ?SessionStore $session = null)
    {
        $this->embedder = $embedder;
        $this->session = $session;
    }

    /**
     * The page's content, or null for a page that does not exist (answer 404). The download
     * klussen/portfolio/export is not a fragment: see export().
     *
     * @param array<int, string> $segments the path after "klussen/", e.g. ["view", "12"]
     * @param array<string, string> $query the page's query (offset, state, as, preview)
     * @param array<string, mixed>|null $sticky submitted values of the form on this page, if any
     */
    public function render(array $segments, array $query = [], ?array $sticky = null): ?Fragment
    {
        $segments = self::clean($segments);
        $name = isset($segments[0]) ? (string) $segments[0] : 'mine';
        $offset = isset($query['offset']) && preg_match('/\A[0-9]{1,5}\z/', (string) $query['offset']) === 1
            ? (int) $query['offset'] : 0;
        if ($name === 'mine' || $name === 'voor-jou') {
            if ($name === 'voor-jou') {
                return $this->embedder->forYou($offset, true);
            }
            $involved = $this->embedder->mine('involved');
            if (!$involved->isAvailable()) {
                return $involved;
            }
            $posted = $this->embedder->mine('posted');
            return new Fragment($involved->html() . $posted->html(), 200, $posted->isAvailable());
        }
        if ($name === 'portfolio') {
            return $this->portfolio(isset($segments[1]) ? (string) $segments[1] : '', $query, $sticky);
        }
        $id = isset($segments[1]) && preg_match('/\A[1-9][0-9]{0,17}\z/', (string) $segments[1]) === 1
            ? (int) $segments[1] : 0;
        if ($id === 0) {
            return null;
        }
        switch ($name) {
            case 'group':
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
            case 'candidates':
                return $this->embedder->candidates($id, $offset);
            default:
                return null;
        }
    }

    /**
     * @param array<string, string> $query
     * @param array<string, mixed>|null $sticky
     */
    private function portfolio(string $page, array $query, ?array $sticky): ?Fragment
    {
        switch ($page) {
            case 'edit':
                return $this->embedder->portfolioEdit($sticky);
            case 'preview':
                return $this->embedder->portfolioPreview(isset($query['as']) ? (string) $query['as'] : 'site');
            case 'import':
                // After an upload the action keeps the sidecar's preview (with its "save" form)
                // until it is saved; without one, or without ?preview=1, the upload forms.
                $stash = self::importStash($this->session);
                if (isset($query['preview']) && $query['preview'] === '1' && $stash !== null) {
                    return new Fragment($stash['html'], 200);
                }
                return $this->embedder->portfolioImport();
            default:
                return null;
        }
    }

    /** Whether the page is the data export, a JSON download rather than a fragment. */
    public static function isDownload(array $segments): bool
    {
        $segments = self::clean($segments);
        return isset($segments[0], $segments[1]) && $segments[0] === 'portfolio' && $segments[1] === 'export';
    }

    /**
     * The segments as strings without empty ones (a trailing slash).
     *
     * @param array<int, mixed> $segments
     * @return array<int, string>
     */
    private static function clean(array $segments): array
    {
        return array_values(array_filter(array_map('strval', $segments), function (string $s): bool {
            return $s !== '';
        }));
    }

    /**
     * klussen/portfolio/export: the member's data (AVG art. 15) as the sidecar gave it, as
     * [body, file name]; null when the sidecar did not give it (show render()'s notice instead).
     *
     * @return array{0: string, 1: string}|null
     */
    public function export(): ?array
    {
        $response = $this->embedder->download('/api/v1/portfolio/export');
        if ($response === null) {
            return null;
        }
        $name = 'klussen-gegevens.json';
        $disposition = (string) $response->header('content-disposition');
        if (preg_match('/filename="([A-Za-z0-9._-]{1,100})"/', $disposition, $m) === 1) {
            $name = $m[1];
        }
        return [$response->body(), $name];
    }

    /** The notice a page shows when the export could not be made. */
    public static function exportFailed(string $language): Fragment
    {
        return new Fragment(UnavailableBlock::notice($language, 'klussen:error:export'), 502);
    }

    /**
     * The import preview kept in the session: ['source', 'rows' => {skills, courses, positions},
     * 'html'], or null.
     *
     * @return array{source: string, rows: array<string, array<int, mixed>>, html: string}|null
     */
    public static function importStash(?SessionStore $session): ?array
    {
        $stash = $session === null ? null : $session->get(self::IMPORT_STASH);
        if (!is_array($stash) || !isset($stash['source'], $stash['rows'], $stash['html'])
            || !is_string($stash['source']) || !is_array($stash['rows']) || !is_string($stash['html'])) {
            return null;
        }
        return $stash;
    }

    /** The sticky-form name a page shows ("new:<guid>", "edit:<id>", "portfolio"), or null. */
    public static function stickyFormOf(array $segments): ?string
    {
        $segments = self::clean($segments);
        $name = isset($segments[0]) ? $segments[0] : '';
        $id = isset($segments[1]) ? $segments[1] : '';
        if ($name === 'add') {
            return 'new:' . $id;
        }
        if ($name === 'edit') {
            return 'edit:' . $id;
        }
        if ($name === 'portfolio' && $id === 'edit') {
            return 'portfolio';
        }
        return null;
    }

    /**
     * The language key of a page's title, or null when the host keeps its own (a group page
     * is titled with the group's name).
     */
    public static function titleKey(array $segments): ?string
    {
        $segments = self::clean($segments);
        $name = isset($segments[0]) ? (string) $segments[0] : 'mine';
        if ($name === 'portfolio') {
            $page = isset($segments[1]) ? (string) $segments[1] : '';
            return in_array($page, self::PORTFOLIO_PAGES, true) ? 'klussen:portfolio:' . $page : null;
        }
        if (in_array($name, ['add', 'edit', 'responses', 'mine', 'voor-jou', 'candidates'], true)) {
            return 'klussen:' . $name;
        }
        return null;
    }
}
