<?php

namespace Klussen\Core;

/**
 * Fetches the sidecar's HTML fragments (docs/api.md, "Widgets") for a host page. It never throws
 * for the sidecar's sake: when the sidecar is down, slow or answers with an error, the page gets
 * the UnavailableBlock or a short notice instead, so the host page always renders.
 */
final class FragmentEmbedder
{
    /** @var SidecarClient */
    private $client;
    /** @var PageContext */
    private $page;
    /** @var Viewer */
    private $viewer;
    /** @var callable|null fn(string $message): void */
    private $logger;

    public function __construct(SidecarClient $client, PageContext $page, Viewer $viewer, ?callable $logger = null)
    {
        $this->client = $client;
        $this->page = $page;
        $this->viewer = $viewer;
        $this->logger = $logger;
    }

    /** The group tab: open klussen (or all, for managers), "Klus plaatsen" for admins. */
    public function groupTab(int $groupGuid, int $offset = 0, string $state = 'open'): Fragment
    {
        $query = [];
        if ($offset > 0) {
            $query['offset'] = (string) $offset;
        }
        if ($state === 'all') {
            $query['state'] = 'all';
        }
        return $this->fetch('GET', '/widgets/groups/' . $groupGuid . '/klussen', $query);
    }

    public function klus(int $klusId): Fragment
    {
        return $this->fetch('GET', '/widgets/klussen/' . $klusId);
    }

    public function responses(int $klusId): Fragment
    {
        return $this->fetch('GET', '/widgets/klussen/' . $klusId . '/responses');
    }

    /** "posted" or "involved". */
    public function mine(string $list): Fragment
    {
        return $this->fetch('GET', '/widgets/klussen/mine', ['list' => $list === 'posted' ? 'posted' : 'involved']);
    }

    /**
     * "Klussen voor jou": open klussen that fit the viewer, each with its reasons. The dashboard
     * widget asks a few without paging (the sidecar then links to the page "voor-jou" when there
     * are more); the page asks with paging=1 (previous/next links to voor-jou?offset=N).
     */
    public function forYou(int $offset = 0, bool $paging = false, int $limit = 0): Fragment
    {
        $query = [];
        if ($offset > 0) {
            $query['offset'] = (string) $offset;
        }
        if ($limit > 0) {
            $query['limit'] = (string) $limit;
        }
        if ($paging) {
            $query['paging'] = '1';
        }
        return $this->fetch('GET', '/widgets/klussen/voor-jou', $query);
    }

    /** "Geschikte kandidaten" of a klus, for its managers, each with an invite form. */
    public function candidates(int $klusId, int $offset = 0): Fragment
    {
        return $this->fetch('GET', '/widgets/klussen/' . $klusId . '/candidates',
            $offset > 0 ? ['offset' => (string) $offset] : []);
    }

    /**
     * The member's own portfolio edit page; with $sticky (the submitted settings after field
     * errors) the sidecar shows them again with its messages next to the fields.
     *
     * @param array<string, mixed>|null $sticky
     */
    public function portfolioEdit(?array $sticky = null): Fragment
    {
        return $this->form('/widgets/portfolio/edit', $sticky);
    }

    /** "Wat anderen zien": the own portfolio as colleagues on this site or the platform see it. */
    public function portfolioPreview(string $audience = 'site'): Fragment
    {
        return $this->fetch('GET', '/widgets/portfolio/preview',
            ['as' => $audience === 'platform' ? 'platform' : 'site']);
    }

    /** The upload page of the imports (LinkedIn archive, Open Badges JSON). */
    public function portfolioImport(): Fragment
    {
        return $this->fetch('GET', '/widgets/portfolio/import');
    }

    /**
     * An import's preview: the uploaded file's bytes as they came, to the sidecar's preview
     * fragment ("linkedin" or "open_badges").
     */
    public function importPreview(string $source, string $bytes): Fragment
    {
        $path = $source === 'linkedin' ? '/widgets/portfolio/import/linkedin' : '/widgets/portfolio/import/open-badges';
        return $this->fetch('POST', $path, [], $bytes, ['Content-Type' => self::uploadType($source)]);
    }

    /** The Content-Type an import file is sent with. */
    public static function uploadType(string $source): string
    {
        return $source === 'linkedin' ? 'application/zip' : 'application/json';
    }

    /**
     * A JSON download of the sidecar (the member's data export), or null when it did not give
     * one (then the page shows a notice, see fetch()).
     */
    public function download(string $path): ?SidecarResponse
    {
        try {
            $response = $this->client->request('GET', $path, $this->viewer);
        } catch (SidecarUnavailable $e) {
            $this->log('klussen: sidecar unavailable for GET ' . $path . ' (' . $e->reason() . '): ' . $e->getMessage(), true);
            return null;
        }
        if ($response->status() === 200 && $response->json() !== null) {
            return $response;
        }
        $this->log('klussen: sidecar answered ' . $response->status() . ' for GET ' . $path
            . ' (request ' . ($response->header('x-request-id') ?: '-') . ')');
        return null;
    }

    /**
     * The post form; with $sticky (the submitted fields) the sidecar shows them again with its
     * validation messages next to the fields.
     *
     * @param array<string, mixed>|null $sticky
     */
    public function newForm(int $groupGuid, ?array $sticky = null): Fragment
    {
        return $this->form('/widgets/groups/' . $groupGuid . '/klussen/new', $sticky);
    }

    /**
     * @param array<string, mixed>|null $sticky
     */
    public function editForm(int $klusId, ?array $sticky = null): Fragment
    {
        return $this->form('/widgets/klussen/' . $klusId . '/edit', $sticky);
    }

    /**
     * Any widget route, e.g. one added to the sidecar later.
     *
     * @param array<string, string> $query
     * @param array<string, string> $headers e.g. the Content-Type of an uploaded file
     */
    public function fetch(string $method, string $path, array $query = [], string $body = '', array $headers = []): Fragment
    {
        $target = $path . '?' . http_build_query($query + $this->page->query(), '', '&', PHP_QUERY_RFC3986);
        try {
            $response = $this->client->request($method, $target, $this->viewer, $body, $headers);
        } catch (SidecarUnavailable $e) {
            $this->log('klussen: sidecar unavailable for ' . $method . ' ' . $path . ' (' . $e->reason() . '): '
                . $e->getMessage(), true);
            return new Fragment(UnavailableBlock::render($this->viewer->language()), 503, false);
        }
        if ($response->status() === 200 && $response->isHtml()) {
            return new Fragment($response->body(), 200);
        }
        $status = $response->status();
        $this->log('klussen: sidecar answered ' . $status . ' for ' . $method . ' ' . $path
            . ' (request ' . ($response->header('x-request-id') ?: '-') . ')', $status === 401 || $status === 429 || $status >= 500);
        $key = 'klussen:error:generic';
        if ($status === 404) {
            $key = 'klussen:error:not_found';
        } elseif ($status === 403) {
            $key = 'klussen:error:permission_denied';
        } elseif ($status === 422) {
            $key = 'klussen:error:failed_precondition';
        } elseif ($status === 409) {
            $key = 'klussen:error:conflict';
        } elseif ($status === 401 || $status === 429) {
            // A wrong secret or clock: the operator's problem, not the reader's.
            return new Fragment(UnavailableBlock::render($this->viewer->language()), 503, false);
        }
        return new Fragment(UnavailableBlock::notice($this->viewer->language(), $key), $status >= 400 ? $status : 502);
    }

    /**
     * @param array<string, mixed>|null $sticky
     */
    private function form(string $path, ?array $sticky): Fragment
    {
        if ($sticky === null) {
            return $this->fetch('GET', $path);
        }
        $body = json_encode(self::stringValues($sticky), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
        return $this->fetch('POST', $path, [], $body === false ? '{}' : $body);
    }

    /**
     * The form route takes "a JSON body of the form fields": strings, lists of strings for [] fields.
     *
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    public static function stringValues(array $values): array
    {
        $out = [];
        foreach ($values as $name => $value) {
            if (strpos((string) $name, '__elgg_') === 0) {
                continue;
            }
            if (is_array($value)) {
                $out[$name] = array_values(array_map('strval', array_filter($value, 'is_scalar')));
            } elseif (is_scalar($value)) {
                $out[$name] = (string) $value;
            }
        }
        return $out;
    }

    /** $outage: the sidecar could not be reached (the operator's concern), not just a refusal. */
    private function log(string $message, bool $outage = false): void
    {
        if ($this->logger !== null) {
            call_user_func($this->logger, $message, $outage);
        }
    }
}
