<?php

namespace Klussen\Elgg;

use Klussen\Core\Config;
use Klussen\Core\FormForwarder;
use Klussen\Core\FormResult;
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
        return new Viewer($user ? (int) $user->guid : 0, (string) get_current_language());
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
        return new FragmentEmbedder(self::client(), self::pageContext(), self::viewer(), function (string $message): void {
            elgg_log($message, 'WARNING');
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
     * The content of a klussen page: [title, html, status]; null for an unknown page.
     *
     * @param array<int, string> $segments
     * @return array{0: string, 1: string, 2: int}|null
     */
    public static function pageContent(array $segments): ?array
    {
        $segments = array_values(array_filter(array_map('strval', $segments), 'strlen'));
        $stickyName = Pages::stickyFormOf($segments);
        $sticky = null;
        $stored = self::sessionGet(self::STICKY_KEY);
        if ($stickyName !== null && is_array($stored) && isset($stored[$stickyName])) {
            $sticky = $stored[$stickyName];
            unset($stored[$stickyName]);
            self::sessionSet(self::STICKY_KEY, $stored);
        }
        $query = [];
        foreach (Pages::QUERY as $name) {
            $value = get_input($name);
            if (is_string($value) && $value !== '') {
                $query[$name] = $value;
            }
        }
        $fragment = (new Pages(self::embedder(), self::session()))->render($segments, $query, $sticky);
        if ($fragment === null) {
            return null;
        }
        $name = isset($segments[0]) ? $segments[0] : 'mine';
        $title = elgg_echo('klussen');
        if ($name === 'group') {
            $group = get_entity((int) $segments[1]);
            if ($group instanceof \ElggGroup) {
                $title = elgg_echo('klussen:group', [$group->name]);
                elgg_set_page_owner_guid($group->guid);
            }
        } elseif (Pages::titleKey($segments) !== null) {
            $title = elgg_echo((string) Pages::titleKey($segments));
            if ($name === 'add') {
                elgg_set_page_owner_guid((int) $segments[1]);
            }
        }
        return [$title, $fragment->html(), $fragment->status() === 503 ? 200 : $fragment->status()];
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
        list($title, $html, $status) = $content;
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
        $redirect = $result->redirect() !== null ? $result->redirect() : REFERER;
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
            $status = json_decode($ready->body(), true);
            $text = 'HTTP ' . $ready->status() . ' ' . (is_array($status) && isset($status['status']) ? $status['status'] : '');
            $ok = $ready->status() === 200;
            $messages = [elgg_echo($ok ? 'klussen:settings:test:ok' : 'klussen:settings:test:failed', [$text . ' ' . $ready->body()])];
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
            return $ok ? elgg_ok_response('', $message, REFERER) : elgg_error_response($message, REFERER);
        }
        $ok ? system_message($message) : register_error($message);
        forward(REFERER);
        return null;
    }

    /** The group profile module and the group tab share the sidecar's group fragment. */
    public static function groupModule($group): string
    {
        if (!$group instanceof \ElggGroup || !self::toolEnabled($group)) {
            return '';
        }
        return self::embedder()->groupTab((int) $group->guid)->html();
    }

    /**
     * "Klussen voor jou": open klussen that fit the viewer, with the reasons; without paging the
     * sidecar links to the page klussen/voor-jou when there are more.
     */
    public static function widgetForYou(): string
    {
        return self::embedder()->forYou(0, false, 5)->html();
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
        return $fragment->html();
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

