<?php

namespace Klussen\Elgg;

use Klussen\Core\Config;
use Klussen\Core\FormForwarder;
use Klussen\Core\FormResult;
use Klussen\Core\FragmentChrome;
use Klussen\Core\FragmentEmbedder;
use Klussen\Core\Messages;
use Klussen\Core\PageContext;
use Klussen\Core\Pages;
use Klussen\Core\SidecarClient;
use Klussen\Core\SessionStore;
use Klussen\Core\SidecarUnavailable;
use Klussen\Core\Viewer;

/**
 * The thin adapter between Elgg (1.8-1.12 via start.php, 4.x-6.x via elgg-plugin.php and
 * Bootstrap) and the plain-PHP core. Every Elgg call of the plugin lives here or in the
 * registration files; where the generations differ it checks which functions exist.
 */
final class Glue
{
    public const PLUGIN_ID = 'klussen';
    public const SETTINGS = ['sidecar_url', 'key_id', 'auth_secret', 'connect_timeout_ms', 'timeout_ms'];
    private const STICKY_KEY = 'klussen_sticky';

    public static function config(): Config
    {
        $settings = [];
        foreach (self::SETTINGS as $name) {
            $settings[$name] = elgg_get_plugin_setting($name, self::PLUGIN_ID);
        }
        $site = elgg_get_site_entity();
        return Config::fromSettings($settings, $site ? (int) $site->guid : 1);
    }

    public static function viewer(): Viewer
    {
        $user = elgg_get_logged_in_user_entity();
        // elgg_get_current_language() from 4.3 (the only one in 5.x); get_current_language() before.
        $language = function_exists('elgg_get_current_language') ? elgg_get_current_language() : get_current_language();
        return new Viewer($user ? (int) $user->guid : 0, (string) $language);
    }

    public static function client(): SidecarClient
    {
        return new SidecarClient(self::config());
    }

    /** Link and action bases of this site, and fresh CSRF fields for the fragments' forms. */
    public static function pageContext(): PageContext
    {
        $ts = time();
        if (function_exists('generate_action_token')) {
            $token = generate_action_token($ts);                   // 1.8 - 3.x
        } else {
            $token = elgg()->csrf->generateActionToken($ts);      // 4.x - 6.x
        }
        $site = elgg_get_site_url();
        return new PageContext($site . 'klussen/', $site . 'action/klussen/',
            ['__elgg_ts' => (string) $ts, '__elgg_token' => (string) $token]);
    }

    public static function embedder(): FragmentEmbedder
    {
        // Refusals (404, 403) are ordinary answers; an outage is a NOTICE, without Elgg's backtrace.
        return new FragmentEmbedder(self::client(), self::pageContext(), self::viewer(), function (string $message, bool $outage = false): void {
            elgg_log($message, $outage ? 'NOTICE' : 'INFO');
        });
    }

    public static function session(): SessionStore
    {
        return new ElggSessionStore();
    }

    public static function messages(): Messages
    {
        return new Messages(self::viewer()->language());
    }

    /**
     * The content of a klussen page: [title, html, status, group]; null for an unknown page.
     * The fragment's own title becomes the page title (so it is not said twice), people are shown
     * with the host's avatar and profile link, and a page about a group or one of its klussen
     * names that group (page owner, breadcrumbs, sidebar). Status 404 when the group's klussen
     * tool is off or the group is hidden from the viewer, as for any other group page.
     *
     * @param array<int, string> $segments
     * @return array{0: string, 1: string, 2: int, 3: \ElggGroup|null}|null
     */
    public static function pageContent(array $segments): ?array
    {
        $segments = array_values(array_filter(array_map('strval', $segments), 'strlen'));
        $name = isset($segments[0]) ? $segments[0] : 'mine';
        $id = isset($segments[1]) && ctype_digit($segments[1]) ? (int) $segments[1] : 0;
        $group = null;
        if ($id > 0 && in_array($name, ['group', 'add'], true)) {
            $group = get_entity($id);
            if (!$group instanceof \ElggGroup) {
                return [elgg_echo('klussen'), '', 404, null];
            }
        } elseif ($id > 0 && in_array($name, ['view', 'edit', 'responses', 'candidates'], true)) {
            $group = self::groupOfKlus($id);
        }
        if ($group !== null && !self::toolEnabled($group)) {
            return [elgg_echo('klussen'), '', 404, null];
        }

        $stickyName = Pages::stickyFormOf($segments);
        $sticky = null;
        $stored = self::sessionGet(self::STICKY_KEY);
        if ($stickyName !== null && is_array($stored) && isset($stored[$stickyName])) {
            $sticky = $stored[$stickyName];
            unset($stored[$stickyName]);
            self::sessionSet(self::STICKY_KEY, $stored);
        }
        $query = [];
        foreach (Pages::QUERY as $field) {
            $value = get_input($field);
            if (is_string($value) && $value !== '') {
                $query[$field] = $value;
            }
        }
        $fragment = (new Pages(self::embedder(), self::session()))->render($segments, $query, $sticky);
        if ($fragment === null) {
            return null;
        }
        $title = elgg_echo('klussen');
        if ($name === 'group' && $group !== null) {
            $title = elgg_echo('klussen:group', [$group->name]);
        } elseif (Pages::titleKey($segments) !== null) {
            $title = elgg_echo((string) Pages::titleKey($segments));
        }
        list($lifted, $html) = FragmentChrome::liftTitle($fragment->html(), FragmentChrome::PAGE_TITLE);
        if ($lifted !== null && $name !== 'group') {
            $title = $lifted;
        }
        $html = FragmentChrome::people($html, [self::class, 'person']);
        // The unavailable block is a page that works (status 200), not an error page.
        $status = in_array($fragment->status(), [502, 503], true) ? 200 : $fragment->status();
        return [$title, $html, $status, $group];
    }

    /** The group of a klus, when the viewer may see both; null otherwise (or sidecar down). */
    private static function groupOfKlus(int $klusId): ?\ElggGroup
    {
        try {
            $response = self::client()->request('GET', '/api/v1/klussen/' . $klusId, self::viewer());
        } catch (SidecarUnavailable $e) {
            return null;
        }
        $json = $response->status() === 200 ? $response->json() : null;
        $guid = is_array($json) && isset($json['group_guid']) ? (int) $json['group_guid'] : 0;
        $group = $guid > 0 ? get_entity($guid) : null;
        return $group instanceof \ElggGroup ? $group : null;
    }

    /**
     * A person in a fragment, the host's way: small avatar and a link to the profile; null keeps
     * the sidecar's plain name (a user this viewer cannot see in the host).
     */
    public static function person(int $guid, string $nameHtml): ?string
    {
        $user = function_exists('get_user') ? get_user($guid) : null;
        if (!$user instanceof \ElggUser || !function_exists('elgg_view_entity_icon')) {
            return null;
        }
        return '<span class="klussen-person">'
            . elgg_view_entity_icon($user, 'tiny', ['use_hover' => false, 'href' => false])
            . elgg_view('output/url', ['href' => $user->getURL(), 'text' => $user->getDisplayName(), 'is_trusted' => true])
            . '</span>';
    }

    /**
     * Elgg 1.x page handler: klussen/<page>/<id>.
     *
     * @param array<int, string> $segments
     */
    public static function pageHandler(array $segments): bool
    {
        // Pages need a logged-in user (the sidecar refuses guests' writes anyway).
        if (function_exists('elgg_gatekeeper')) {
            elgg_gatekeeper();
        } elseif (function_exists('gatekeeper')) {
            gatekeeper();
        }
        if (Pages::isDownload($segments)) {
            $download = self::export();
            if ($download !== null) {
                list($body, $name) = $download;
                header('Content-Type: application/json; charset=utf-8');
                header('Content-Disposition: attachment; filename="' . $name . '"');
                header('Cache-Control: no-store');
                echo $body;
                return true;
            }
            list($title, $html) = self::exportFailed();
            echo elgg_view_page($title, elgg_view_layout('one_sidebar', ['title' => $title, 'content' => $html]));
            return true;
        }
        $content = self::pageContent($segments);
        if ($content === null) {
            return false;
        }
        list($title, $html, $status, $group) = $content;
        if ($status === 404 && $html === '') {
            return false;                       // Elgg's own "not found"
        }
        if ($group !== null) {
            elgg_set_page_owner_guid($group->guid);
        }
        if ($status !== 200 && function_exists('http_response_code')) {
            http_response_code($status);
        }
        $body = elgg_view_layout('one_sidebar', ['title' => $title, 'content' => $html]);
        echo elgg_view_page($title, $body);
        return true;
    }

    /**
     * An action for one of the fragments' forms. Elgg has checked the CSRF token already.
     * 1.x: shows the message and forwards (does not return); 4.x+: returns the response.
     *
     * @return mixed
     */
    public static function action(string $name)
    {
        $input = [];
        foreach (array_keys($_POST) as $field) {
            // Unfiltered: the sidecar validates and escapes where the text lands.
            $input[$field] = get_input($field, null, false);
        }
        // The portfolio imports upload a file ("file"); PHP has put it in $_FILES.
        $result = (new FormForwarder(self::client(), self::pageContext(), self::session()))
            ->forward($name, $input, self::viewer(), $_FILES);
        return self::respond($result);
    }

    /**
     * @return mixed
     */
    private static function respond(FormResult $result)
    {
        $message = $result->message(self::messages());
        if ($result->sticky() !== null) {
            $stored = self::sessionGet(self::STICKY_KEY);
            $stored = is_array($stored) ? $stored : [];
            $stored[(string) $result->stickyForm()] = $result->sticky();
            self::sessionSet(self::STICKY_KEY, $stored);
        }
        $redirect = $result->redirect() !== null ? $result->redirect() : self::referrer();
        if (function_exists('elgg_ok_response')) {
            return $result->isSuccess()
                ? elgg_ok_response('', $message, $redirect)
                : elgg_error_response($message, $redirect);
        }
        if ($result->isSuccess()) {
            system_message($message);
        } else {
            register_error($message);
        }
        forward($redirect);
        return null;
    }

    /** Admin action: test the connection; shows /readyz and whether a signed call is accepted. */
    public static function testConnection()
    {
        $client = self::client();
        $ok = true;
        try {
            $ready = $client->getUnsigned('/readyz');
            $ok = $ready->status() === 200;
            $summary = self::readinessSummary($ready->status(), $ready->json());
            $messages = [elgg_echo($ok ? 'klussen:settings:test:ok' : 'klussen:settings:test:failed', [$summary])];
            $me = $client->request('GET', '/api/v1/me', self::viewer());
            if ($me->status() === 200) {
                $json = $me->json();
                $who = isset($json['viewer']['username']) ? $json['viewer']['username'] : '-';
                $messages[] = elgg_echo('klussen:settings:test:signed_ok', [$who]);
            } else {
                $ok = false;
                $messages[] = elgg_echo('klussen:settings:test:signed_failed', [(string) $me->status()]);
            }
        } catch (SidecarUnavailable $e) {
            $ok = false;
            $messages = [elgg_echo('klussen:settings:test:failed', [$e->reason() . ': ' . $e->getMessage()])];
        }
        $message = implode(' ', $messages);
        if (function_exists('elgg_ok_response')) {
            return $ok ? elgg_ok_response('', $message, self::referrer()) : elgg_error_response($message, self::referrer());
        }
        $ok ? system_message($message) : register_error($message);
        forward(self::referrer());
        return null;
    }

    /**
     * /readyz in words: "ready (Elgg 3.x-6.x, match index loaded)" or the failing check, never the
     * raw JSON.
     *
     * @param array<string, mixed>|null $json
     */
    public static function readinessSummary(int $status, ?array $json): string
    {
        if (!is_array($json)) {
            return elgg_echo('klussen:settings:test:http', [(string) $status]);
        }
        $parts = [];
        $checks = isset($json['checks']) && is_array($json['checks']) ? $json['checks'] : [];
        foreach ($checks as $name => $check) {
            if (!is_array($check) || !isset($check['ok'])) {
                continue;
            }
            $part = $name . ': ' . ($check['ok'] ? 'ok' : 'failed');
            if (isset($check['generation']) && is_string($check['generation'])) {
                $part .= ' (' . $check['generation'] . ')';
            }
            if (!$check['ok'] && isset($check['detail']) && is_string($check['detail'])) {
                $part .= ' (' . $check['detail'] . ')';
            }
            $parts[] = $part;
        }
        if (isset($json['match_index']['state']) && is_string($json['match_index']['state'])) {
            $parts[] = 'match_index: ' . $json['match_index']['state'];
        }
        $status_text = isset($json['status']) && is_scalar($json['status']) ? (string) $json['status'] : (string) $status;
        return $status_text . ($parts ? ' (' . implode(', ', $parts) . ')' : '');
    }

    /** The group profile module and the group tab share the sidecar's group fragment. */
    public static function groupModule($group): string
    {
        if (!$group instanceof \ElggGroup || !self::toolEnabled($group)) {
            return '';
        }
        // The module's frame is titled "Klussen" already.
        list(, $html) = FragmentChrome::liftTitle(self::embedder()->groupTab((int) $group->guid)->html(), FragmentChrome::PAGE_TITLE);
        return FragmentChrome::people($html, [self::class, 'person']);
    }

    /**
     * "Klussen voor jou": open klussen that fit the viewer, with the reasons; without paging the
     * sidecar links to the page klussen/voor-jou when there are more.
     */
    public static function widgetForYou(): string
    {
        return self::widgetHtml(self::embedder()->forYou(0, false, 5)->html());
    }

    /**
     * klussen/portfolio/export: [JSON body, file name], or null when the sidecar did not give it.
     *
     * @return array{0: string, 1: string}|null
     */
    public static function export(): ?array
    {
        return (new Pages(self::embedder(), self::session()))->export();
    }

    /**
     * The page instead of the download: [title, html].
     *
     * @return array{0: string, 1: string}
     */
    public static function exportFailed(): array
    {
        return [elgg_echo('klussen:portfolio:export'), Pages::exportFailed(self::viewer()->language())->html()];
    }

    /** "Portfolio" on a profile: what the viewer may see of the owner's portfolio. */
    public static function widgetPortfolio(int $ownerGuid): string
    {
        $fragment = self::embedder()->fetch('GET', '/widgets/members/' . $ownerGuid . '/portfolio');
        if ($fragment->status() === 404) {
            return '<p class="klussen-notice">' . htmlspecialchars(elgg_echo('klussen:widget:portfolio:unavailable'),
                ENT_QUOTES, 'UTF-8') . '</p>';
        }
        return self::widgetHtml($fragment->html());
    }

    /** A fragment inside a widget: the widget's frame carries the title; people the host's way. */
    private static function widgetHtml(string $html): string
    {
        list(, $html) = FragmentChrome::liftTitle($html, FragmentChrome::WIDGET_TITLE);
        return FragmentChrome::people($html, [self::class, 'person']);
    }

    public static function toolEnabled($group): bool
    {
        if (!$group instanceof \ElggGroup) {
            return false;
        }
        if (method_exists($group, 'isToolEnabled')) {
            return (bool) $group->isToolEnabled('klussen');   // 3.x+
        }
        return $group->klussen_enable !== 'no';              // 1.x: metadata, default on
    }

    /**
     * Keeps the stored secret when the settings form leaves the secret field empty (the form
     * never shows the secret, so an empty field means "unchanged").
     */
    public static function filterSetting(string $name, $value, string $pluginId)
    {
        if ($pluginId === self::PLUGIN_ID && $name === 'auth_secret' && (string) $value === '') {
            return elgg_get_plugin_setting('auth_secret', self::PLUGIN_ID);
        }
        return $value;
    }

    /** "Back to where the form was": REFERRER from Elgg 4.0, REFERER before. */
    private static function referrer(): string
    {
        return defined('REFERRER') ? (string) constant('REFERRER') : (string) constant('REFERER');
    }

    private static function sessionGet(string $name)
    {
        if (function_exists('elgg_get_session')) {
            return elgg_get_session()->get($name);
        }
        return isset($_SESSION[$name]) ? $_SESSION[$name] : null;
    }

    private static function sessionSet(string $name, $value): void
    {
        if (function_exists('elgg_get_session')) {
            elgg_get_session()->set($name, $value);
            return;
        }
        $_SESSION[$name] = $value;
    }
}

