<?php

namespace Klussen\Core;

/**
 * Turns a posted form (an Elgg action, after Elgg's CSRF check) into one signed sidecar call and
 * maps the answer to what the action does next (docs/api.md, "Widgets", form actions).
 *
 * Field names equal the API's JSON names; the forwarder converts what HTML forms cannot say
 * (an unchecked checkbox is absent; "publish" comes from the button; "confirmed_skills[]" is a
 * list) and never forwards Elgg's own fields (__elgg_ts, __elgg_token, ...).
 */
final class FormForwarder
{
    public const ACTIONS = ['save', 'apply', 'withdraw', 'transition', 'copy', 'decide', 'complete', 'invite',
        'portfolio_save', 'portfolio_item_add', 'portfolio_item_remove', 'portfolio_entry_add',
        'portfolio_entry_remove', 'portfolio_import_profile', 'portfolio_budget_request', 'portfolio_erase',
        'portfolio_import_linkedin', 'portfolio_import_badge', 'import_save'];

    /** The fields of the portfolio settings form (portfolio_save), as the API names them. */
    public const PORTFOLIO_SETTINGS = ['discoverable', 'about', 'about_visibility', 'region', 'hours_per_week',
        'available_from', 'available_until', 'weekdays', 'availability_visibility', 'manager_guid'];

    /** @var SidecarClient */
    private $client;
    /** @var PageContext */
    private $page;
    /** @var SessionStore|null */
    private $session;

    /**
     * @param SessionStore|null $session where an import preview waits for "save" (the imports
     *        need it; every other action works without)
     */
    public function __construct(SidecarClient $client, PageContext $page, ?SessionStore $session = null)
    {
        $this->client = $client;
        $this->page = $page;
        $this->session = $session;
    }

    /**
     * @param array<string, mixed> $input the posted fields ($_POST, or Elgg's get_input values)
     * @param array<string, mixed> $files the uploads as PHP gives them ($_FILES): only the
     *        portfolio imports read one ("file")
     */
    public function forward(string $action, array $input, Viewer $viewer, array $files = []): FormResult
    {
        if (!$viewer->isLoggedIn()) {
            return self::error('klussen:error:login', null, 401);
        }
        if (strpos($action, 'portfolio_') === 0 || $action === 'import_save') {
            return (new PortfolioForms($this->client, $this->page, $this->session))->forward($action, $input, $viewer, $files);
        }
        $klusId = self::id($input, 'klus_id');
        switch ($action) {
            case 'save':
                return $this->save($input, $viewer);
            case 'apply':
                if ($klusId === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                return $this->call($viewer, 'POST', '/api/v1/klussen/' . $klusId . '/apply',
                    ['motivation' => self::text($input, 'motivation')],
                    'klussen:applied', 'view/' . $klusId);
            case 'withdraw':
                if ($klusId === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                return $this->call($viewer, 'POST', '/api/v1/klussen/' . $klusId . '/withdraw',
                    self::nonEmpty(['reason_code' => self::text($input, 'reason_code'),
                        'reason_text' => self::text($input, 'reason_text')]),
                    'klussen:withdrawn', 'view/' . $klusId);
            case 'transition':
                if ($klusId === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                $body = ['to' => self::text($input, 'to')];
                if (self::text($input, 'version') !== '') {
                    $body['version'] = (int) self::text($input, 'version');
                }
                if (self::text($input, 'deadline') !== '') {
                    $body['deadline'] = self::text($input, 'deadline');
                }
                return $this->call($viewer, 'POST', '/api/v1/klussen/' . $klusId . '/transition', $body,
                    'klussen:transitioned', 'view/' . $klusId);
            case 'copy':
                if ($klusId === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                return $this->call($viewer, 'POST', '/api/v1/klussen/' . $klusId . '/copy', null,
                    'klussen:copied', 'edit/{id}');
            case 'decide':
            case 'complete':
                $user = self::id($input, 'user_guid');
                if ($klusId === 0 || $user === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                $path = '/api/v1/klussen/' . $klusId . '/participants/' . $user . '/' . $action;
                if ($action === 'decide') {
                    $decision = self::text($input, 'decision');
                    $body = self::nonEmpty(['decision' => $decision,
                        'reason_code' => self::text($input, 'reason_code'),
                        'reason_text' => self::text($input, 'reason_text')]);
                    $key = $decision === 'accept' ? 'klussen:decided:accept' : 'klussen:decided:decline';
                } else {
                    $body = ['hours_spent' => self::text($input, 'hours_spent'),
                        'confirmed_skills' => self::texts($input, 'confirmed_skills')];
                    $key = 'klussen:completed';
                }
                return $this->call($viewer, 'POST', $path, $body, $key, 'responses/' . $klusId);
            case 'invite':
                $user = self::id($input, 'user_guid');
                if ($klusId === 0 || $user === 0) {
                    return self::error('klussen:error:not_found', null, 404);
                }
                $body = ['user_guid' => $user];
                if (self::text($input, 'message') !== '') {
                    $body['message'] = self::text($input, 'message');
                }
                return $this->call($viewer, 'POST', '/api/v1/klussen/' . $klusId . '/invite', $body,
                    'klussen:invited', 'candidates/' . $klusId, [],
                    [409 => 'klussen:error:invite_conflict', 422 => 'klussen:error:invite_cannot_see']);
            default:
                return self::error('klussen:error:generic', null, 404);
        }
    }

    /**
     * @param array<string, mixed> $input
     */
    private function save(array $input, Viewer $viewer): FormResult
    {
        $klusId = self::id($input, 'klus_id');
        $groupGuid = self::id($input, 'group_guid');
        $fields = [];
        foreach ($input as $name => $value) {
            $name = (string) $name;
            if (strpos($name, '__elgg_') === 0 || in_array($name, ['klus_id', 'group_guid', 'publish', 'version', 'remote', 'action'], true)) {
                continue;
            }
            if (is_array($value)) {
                $fields[$name] = array_values(array_map('strval', array_filter($value, 'is_scalar')));
            } elseif (is_scalar($value)) {
                $fields[$name] = (string) $value;
            }
        }
        // A checkbox that is not ticked is not posted at all.
        $fields['remote'] = isset($input['remote']) && in_array((string) $input['remote'], ['1', 'on', 'true', 'yes'], true);

        if ($klusId !== 0) {
            $fields['version'] = (int) self::text($input, 'version');
            $method = 'PUT';
            $path = '/api/v1/klussen/' . $klusId;
            $successKey = 'klussen:saved';
            $stickyForm = 'edit:' . $klusId;
            $headers = [];
        } else {
            if ($groupGuid === 0) {
                return self::error('klussen:error:not_found', null, 404);
            }
            $publish = self::text($input, 'publish') === '1';
            $fields['publish'] = $publish;
            $method = 'POST';
            $path = '/api/v1/groups/' . $groupGuid . '/klussen';
            $successKey = $publish ? 'klussen:published' : 'klussen:draft_saved';
            $stickyForm = 'new:' . $groupGuid;
            // The same form page sent twice (a double click, a reload) creates one klus: the
            // key is bound to the viewer, the page's CSRF token and the exact fields.
            $headers = ['Idempotency-Key' => substr(hash('sha256', $viewer->guid() . "\n"
                . self::text($input, '__elgg_ts') . "\n" . self::text($input, '__elgg_token') . "\n"
                . json_encode($fields)), 0, 64)];
        }
        $result = $this->call($viewer, $method, $path, $fields, $successKey, 'view/{id}', $headers);
        if (!$result->isSuccess() && $result->status() === 400) {
            $sticky = FragmentEmbedder::stringValues(array_diff_key($input, ['action' => 1]));
            $target = $klusId !== 0 ? 'edit/' . $klusId : 'add/' . $groupGuid;
            // The form page shows the messages next to the fields; the banner says "see below".
            return new FormResult(false, 'klussen:error:fields', [], [], $this->page->page($target),
                $sticky, $stickyForm, 400);
        }
        return $result;
    }

    /**
     * One call and the mapping of its answer.
     *
     * @param array<string, mixed>|null $body
     * @param array<string, string> $headers
     * @param array<int, string> $errorKeys status => language key, where the action says it better
     *        than errorKey()
     */
    private function call(
        Viewer $viewer,
        string $method,
        string $path,
        ?array $body,
        string $successKey,
        string $successPage,
        array $headers = [],
        array $errorKeys = []
    ): FormResult {
        $json = $body === null ? '' : self::json($body);
        return self::answer($this->client, $this->page, $viewer, $method, $path, $json, $successKey, $successPage,
            $headers, $errorKeys);
    }

    /**
     * Sends one call and maps its answer: 2xx → success (the key with $successArgs, which may be
     * a function of the JSON answer) and $successPage ("{id}" from the answer); an error → the
     * error key of its status with the sidecar's field messages as details.
     *
     * @param array<string, string> $headers
     * @param array<int, string> $errorKeys
     * @param array<int, string>|callable|null $successArgs
     */
    public static function answer(
        SidecarClient $client,
        PageContext $context,
        Viewer $viewer,
        string $method,
        string $path,
        string $body,
        string $successKey,
        ?string $successPage,
        array $headers = [],
        array $errorKeys = [],
        $successArgs = null
    ): FormResult {
        try {
            $response = $client->request($method, $path, $viewer, $body, $headers);
        } catch (SidecarUnavailable $e) {
            // A timeout after sending may still have been carried out: say so.
            return self::error($e->reason() === SidecarUnavailable::TIMEOUT
                ? 'klussen:error:timeout' : 'klussen:unavailable', null, 0);
        }
        $status = $response->status();
        if ($response->isSuccess()) {
            $answer = $response->json();
            $id = isset($answer['id']) && is_int($answer['id']) ? $answer['id'] : 0;
            $page = $successPage;
            if ($page !== null && strpos($page, '{id}') !== false) {
                $page = $id > 0 ? str_replace('{id}', (string) $id, $page) : null;
            }
            $args = is_callable($successArgs) ? call_user_func($successArgs, $answer === null ? [] : $answer)
                : (is_array($successArgs) ? $successArgs : []);
            return new FormResult(true, $successKey, array_values(array_map('strval', $args)), [],
                $page === null ? null : $context->page($page), null, null, $status);
        }
        $details = [];
        foreach ($response->fieldErrors() as $field) {
            $details[] = $field['message'];
        }
        $key = isset($errorKeys[$status]) ? $errorKeys[$status] : self::errorKey($status, $response->errorCode());
        if ($status === 400 && !$details && !isset($errorKeys[400])) {
            // No field messages to point at (the sidecar's message is for developers).
            $key = 'klussen:error:invalid';
        }
        return self::error($key, null, $status, $details);
    }

    /**
     * @param array<string, mixed> $body
     */
    public static function json(array $body): string
    {
        return (string) json_encode((object) $body,
            JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
    }

    public static function errorKey(int $status, ?string $code): string
    {
        if ($status === 400) {
            return 'klussen:error:fields';
        }
        $byStatus = [
            401 => 'klussen:error:unauthenticated',
            403 => 'klussen:error:permission_denied',
            404 => 'klussen:error:not_found',
            409 => 'klussen:error:conflict',
            413 => 'klussen:error:fields',
            422 => 'klussen:error:failed_precondition',
            429 => 'klussen:unavailable',
        ];
        return isset($byStatus[$status]) ? $byStatus[$status] : 'klussen:error:generic';
    }

    /**
     * @param array<int, string> $details
     */
    public static function error(string $key, ?string $redirect, int $status, array $details = []): FormResult
    {
        return new FormResult(false, $key, [], $details, $redirect, null, null, $status);
    }

    /**
     * @param array<string, mixed> $input
     */
    public static function text(array $input, string $name): string
    {
        return isset($input[$name]) && is_scalar($input[$name]) ? trim((string) $input[$name]) : '';
    }

    /**
     * @param array<string, mixed> $input
     * @return array<int, string>
     */
    public static function texts(array $input, string $name): array
    {
        foreach ([$name, $name . '[]'] as $key) {
            if (isset($input[$key])) {
                $value = $input[$key];
                $list = is_array($value) ? $value : [$value];
                return array_values(array_map('strval', array_filter($list, 'is_scalar')));
            }
        }
        return [];
    }

    /**
     * @param array<string, mixed> $input
     */
    public static function id(array $input, string $name): int
    {
        $text = self::text($input, $name);
        return preg_match('/\A[1-9][0-9]{0,17}\z/', $text) === 1 ? (int) $text : 0;
    }

    /**
     * @param array<string, string> $values
     * @return array<string, string>
     */
    public static function nonEmpty(array $values): array
    {
        return array_filter($values, function (string $v): bool {
            return $v !== '';
        });
    }
}
