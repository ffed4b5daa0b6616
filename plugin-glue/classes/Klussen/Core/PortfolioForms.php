<?php

namespace Klussen\Core;

/**
 * The portfolio's form actions (sidecar/src/widgets/portfolio_widgets.h lists them with their
 * fields) → the portfolio API (docs/api.md, "Portfolio"). Each action is the same checklist:
 * cast the input, forward one call (two for an upload's preview), map the answer to a message
 * and a page. FormForwarder has checked that the viewer is logged in.
 */
final class PortfolioForms
{
    private const EDIT = 'portfolio/edit';
    private const IMPORT = 'portfolio/import';
    /** The kinds of the upload forms → the API's import sources. */
    private const UPLOADS = ['portfolio_import_linkedin' => 'linkedin', 'portfolio_import_badge' => 'open_badges'];

    /** @var SidecarClient */
    private $client;
    /** @var PageContext */
    private $page;
    /** @var SessionStore|null */
    private $session;

    public function __construct(SidecarClient $client, PageContext $page, ?SessionStore $session)
    {
        $this->client = $client;
        $this->page = $page;
        $this->session = $session;
    }

    /**
     * @param array<string, mixed> $input
     * @param array<string, mixed> $files
     */
    public function forward(string $action, array $input, Viewer $viewer, array $files): FormResult
    {
        switch ($action) {
            case 'portfolio_save':
                return $this->save($input, $viewer);
            case 'portfolio_item_add':
                $body = FormForwarder::nonEmpty(['kind' => FormForwarder::text($input, 'kind'),
                    'label' => FormForwarder::text($input, 'label'), 'level' => FormForwarder::text($input, 'level'),
                    'visibility' => FormForwarder::text($input, 'visibility')]);
                return $this->call($viewer, 'POST', '/api/v1/portfolio/items', $body, 'klussen:portfolio:item_added',
                    [409 => 'klussen:error:item_exists'], [FormForwarder::text($input, 'label')]);
            case 'portfolio_item_remove':
            case 'portfolio_entry_remove':
                $item = $action === 'portfolio_item_remove';
                $id = FormForwarder::id($input, $item ? 'item_id' : 'entry_id');
                if ($id === 0) {
                    return FormForwarder::error('klussen:error:portfolio_not_found', null, 404);
                }
                return $this->call($viewer, 'DELETE', '/api/v1/portfolio/' . ($item ? 'items/' : 'entries/') . $id, null,
                    $item ? 'klussen:portfolio:item_removed' : 'klussen:portfolio:entry_removed');
            case 'portfolio_entry_add':
                $body = [];
                foreach (['kind', 'title', 'provider', 'start_date', 'end_date', 'url', 'detail', 'visibility'] as $name) {
                    $body[$name] = FormForwarder::text($input, $name);
                }
                return $this->call($viewer, 'POST', '/api/v1/portfolio/entries', FormForwarder::nonEmpty($body),
                    'klussen:portfolio:entry_added', [], [FormForwarder::text($input, 'title')]);
            case 'portfolio_import_profile':
                return $this->call($viewer, 'POST', '/api/v1/portfolio/profile-import', null,
                    'klussen:portfolio:profile_imported', [], function (array $answer): array {
                        return [isset($answer['added']) && is_int($answer['added']) ? $answer['added'] : 0];
                    });
            case 'portfolio_budget_request':
                $body = FormForwarder::nonEmpty(['hours_per_week' => FormForwarder::text($input, 'hours_per_week'),
                    'from' => FormForwarder::text($input, 'from'), 'until' => FormForwarder::text($input, 'until'),
                    'note' => FormForwarder::text($input, 'note')]);
                return $this->call($viewer, 'POST', '/api/v1/portfolio/budget-requests', $body,
                    'klussen:portfolio:budget_requested', [422 => 'klussen:error:budget_no_manager']);
            case 'portfolio_erase':
                // The form's checkbox is required; without it nothing is sent.
                if (FormForwarder::text($input, 'confirm') !== '1') {
                    return FormForwarder::error('klussen:error:erase_confirm', null, 400);
                }
                return $this->call($viewer, 'POST', '/api/v1/portfolio/erase', ['confirm' => true],
                    'klussen:portfolio:erased');
            case 'portfolio_import_linkedin':
            case 'portfolio_import_badge':
                return $this->upload(self::UPLOADS[$action], $files, $viewer);
            case 'import_save':
                return $this->importSave($input, $viewer);
            default:
                return FormForwarder::error('klussen:error:generic', null, 404);
        }
    }

    /**
     * The settings form → PUT /api/v1/portfolio. An unticked checkbox is not posted: absent
     * "discoverable" is false and absent "weekdays[]" is no day. After field errors the form is
     * shown again through POST /widgets/portfolio/edit with the submitted values (sticky).
     *
     * @param array<string, mixed> $input
     */
    private function save(array $input, Viewer $viewer): FormResult
    {
        $fields = [];
        foreach (FormForwarder::PORTFOLIO_SETTINGS as $name) {
            if ($name === 'weekdays') {
                $fields[$name] = FormForwarder::texts($input, 'weekdays');
            } elseif ($name === 'discoverable') {
                $fields[$name] = in_array(FormForwarder::text($input, 'discoverable'), ['1', 'on', 'true', 'yes'], true);
            } elseif (isset($input[$name]) && is_scalar($input[$name])) {
                $fields[$name] = trim((string) $input[$name]);
            }
        }
        $body = $fields;
        if (FormForwarder::text($input, 'version') !== '') {
            $body['version'] = FormForwarder::text($input, 'version');
        }
        $result = $this->call($viewer, 'PUT', '/api/v1/portfolio', $body, 'klussen:portfolio:saved',
            [409 => 'klussen:error:portfolio_conflict']);
        if (!$result->isSuccess() && $result->status() === 400) {
            // The form route takes the fields as strings ("1"/"0" for the switch, a list of days).
            $sticky = $fields;
            $sticky['discoverable'] = $fields['discoverable'] ? '1' : '0';
            return new FormResult(false, 'klussen:error:fields', [], [], $this->page->page(self::EDIT),
                $sticky, 'portfolio', 400);
        }
        return $result;
    }

    /**
     * An uploaded LinkedIn archive or Open Badges file: the sidecar's JSON preview (the rows
     * import_save refers to by index) and its preview fragment (the form to choose them), kept
     * in the session until saved; then the import page shows the fragment.
     *
     * @param array<string, mixed> $files
     */
    private function upload(string $source, array $files, Viewer $viewer): FormResult
    {
        if ($this->session === null) {
            return FormForwarder::error('klussen:error:generic', null, 0);
        }
        $file = isset($files['file']) && is_array($files['file']) ? $files['file'] : null;
        $error = $file !== null && isset($file['error']) && is_int($file['error']) ? $file['error'] : UPLOAD_ERR_NO_FILE;
        if ($error === UPLOAD_ERR_INI_SIZE || $error === UPLOAD_ERR_FORM_SIZE) {
            return FormForwarder::error('klussen:error:upload_too_large', null, 413);
        }
        $path = $file !== null && isset($file['tmp_name']) && is_string($file['tmp_name']) ? $file['tmp_name'] : '';
        $bytes = $error === UPLOAD_ERR_OK && $path !== '' && is_file($path) ? (string) file_get_contents($path) : '';
        if ($bytes === '') {
            return FormForwarder::error('klussen:error:upload_missing', null, 400);
        }
        $api = $source === 'linkedin' ? '/api/v1/portfolio/import/linkedin' : '/api/v1/portfolio/import/open-badges';
        $type = ['Content-Type' => FragmentEmbedder::uploadType($source)];
        try {
            $response = $this->client->request('POST', $api, $viewer, $bytes, $type);
        } catch (SidecarUnavailable $e) {
            return FormForwarder::error($e->reason() === SidecarUnavailable::TIMEOUT
                ? 'klussen:error:timeout' : 'klussen:unavailable', null, 0);
        }
        $preview = $response->json();
        if ($response->status() !== 200 || $preview === null) {
            $status = $response->status();
            $key = $status === 400 || $status === 422 ? 'klussen:error:import_invalid'
                : ($status === 413 ? 'klussen:error:upload_too_large' : FormForwarder::errorKey($status, $response->errorCode()));
            return FormForwarder::error($key, null, $status);
        }
        $fragment = (new FragmentEmbedder($this->client, $this->page, $viewer))->importPreview($source, $bytes);
        if (!$fragment->isOk()) {
            return FormForwarder::error($fragment->isAvailable() ? 'klussen:error:import_invalid' : 'klussen:unavailable',
                null, $fragment->status());
        }
        $rows = [];
        foreach (['skills', 'courses', 'positions'] as $list) {
            $rows[$list] = isset($preview[$list]) && is_array($preview[$list]) ? array_values($preview[$list]) : [];
        }
        $this->session->set(Pages::IMPORT_STASH, ['source' => $source, 'rows' => $rows, 'html' => $fragment->html()]);
        return new FormResult(true, 'klussen:portfolio:import_preview', [], [],
            $this->page->page(self::IMPORT . '?preview=1'), null, null, 200);
    }

    /**
     * The preview rows the member kept → POST /api/v1/portfolio/import/save. The form names
     * skills by label and courses/positions by their index in the preview kept in the session.
     *
     * @param array<string, mixed> $input
     */
    private function importSave(array $input, Viewer $viewer): FormResult
    {
        $stash = Pages::importStash($this->session);
        $source = FormForwarder::text($input, 'source');
        if ($stash === null || $stash['source'] !== $source) {
            return FormForwarder::error('klussen:error:import_expired', $this->page->page(self::IMPORT), 409);
        }
        $labels = [];
        foreach (isset($stash['rows']['skills']) ? $stash['rows']['skills'] : [] as $row) {
            if (is_array($row) && isset($row['label']) && is_string($row['label'])) {
                $labels[$row['label']] = true;
            }
        }
        $body = ['source' => $source, 'skills' => [], 'courses' => [], 'positions' => []];
        foreach (FormForwarder::texts($input, 'skills') as $label) {
            if (isset($labels[$label]) && !in_array($label, $body['skills'], true)) {
                $body['skills'][] = $label;
            }
        }
        foreach (['courses', 'positions'] as $list) {
            $rows = isset($stash['rows'][$list]) ? $stash['rows'][$list] : [];
            $kept = [];
            foreach (FormForwarder::texts($input, $list) as $index) {
                if (preg_match('/\A(0|[1-9][0-9]{0,3})\z/', $index) === 1 && isset($rows[(int) $index])) {
                    $kept[(int) $index] = $rows[(int) $index];
                }
            }
            ksort($kept);
            $body[$list] = array_values($kept);
        }
        $result = $this->call($viewer, 'POST', '/api/v1/portfolio/import/save', $body, 'klussen:portfolio:imported',
            [], function (array $answer): array {
                return [isset($answer['items_added']) && is_int($answer['items_added']) ? $answer['items_added'] : 0,
                    isset($answer['entries_added']) && is_int($answer['entries_added']) ? $answer['entries_added'] : 0];
            });
        if ($result->isSuccess() && $this->session !== null) {
            $this->session->remove(Pages::IMPORT_STASH);
        }
        return $result;
    }

    /**
     * @param array<string, mixed>|null $body
     * @param array<int, string> $errorKeys
     * @param array<int, string>|callable|null $successArgs
     */
    private function call(
        Viewer $viewer,
        string $method,
        string $path,
        ?array $body,
        string $successKey,
        array $errorKeys = [],
        $successArgs = null
    ): FormResult {
        $errorKeys += [404 => 'klussen:error:portfolio_not_found'];
        return FormForwarder::answer($this->client, $this->page, $viewer, $method, $path,
            $body === null ? '' : FormForwarder::json($body), $successKey, self::EDIT, [], $errorKeys, $successArgs);
    }
}
