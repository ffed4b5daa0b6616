<?php
/**
 * The stand-in host site for the browser tests (TEST ONLY: it logs anybody in without a
 * password). Elgg cannot be installed here, so this small site plays its part: sessions, a
 * login-as page, a dashboard, group pages with tabs, Elgg-style action URLs with CSRF tokens. The
 * klussen parts go through the SAME core classes the Elgg plugin uses (plugin-glue/classes).
 *
 * Users and groups come from the fixture model that was loaded into the host database
 * (tests/fixtures/models/*.json or the demo model), so the host needs no MySQL extension; the
 * sidecar reads the same facts from the database and stays the authority for klussen.
 */

declare(strict_types=1);

use Klussen\Core\ArraySessionStore;
use Klussen\Core\Config;
use Klussen\Core\FormForwarder;
use Klussen\Core\FragmentEmbedder;
use Klussen\Core\PageContext;
use Klussen\Core\Pages;
use Klussen\Core\SidecarClient;
use Klussen\Core\Viewer;

const GLUE_DIR = __DIR__ . '/../../../plugin-glue';

spl_autoload_register(function (string $class): void {
    if (strpos($class, 'Klussen\\') === 0) {
        $file = GLUE_DIR . '/classes/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

function env(string $name, string $default = ''): string
{
    $value = getenv($name);
    return $value === false || $value === '' ? $default : $value;
}

function e(string $text): string
{
    return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

/** The fixture model: users and groups by guid. */
function model(): array
{
    static $model = null;
    if ($model === null) {
        $file = env('KLUSSEN_HOST_MODEL', __DIR__ . '/../../fixtures/models/tiny.json');
        $model = json_decode((string) file_get_contents($file), true);
        if (!is_array($model)) {
            throw new RuntimeException('cannot read the host model ' . $file);
        }
        $model['users_by_guid'] = [];
        foreach ($model['users'] as $user) {
            $model['users_by_guid'][$user['guid']] = $user;
        }
        $model['groups_by_guid'] = [];
        foreach ($model['groups'] as $group) {
            $model['groups_by_guid'][$group['guid']] = $group;
        }
    }
    return $model;
}

function active_user(int $guid): ?array
{
    $users = model()['users_by_guid'];
    if (!isset($users[$guid])) {
        return null;
    }
    $user = $users[$guid];
    if (($user['enabled'] ?? true) === false || ($user['banned'] ?? false) === true) {
        return null;
    }
    return $user;
}

function current_user(): ?array
{
    return isset($_SESSION['guid']) ? active_user((int) $_SESSION['guid']) : null;
}

/** Whether the host lets the viewer see the group at all (Elgg's entity access, simplified). */
function can_see_group(array $group, ?array $user): bool
{
    if (($group['enabled'] ?? true) === false) {
        return false;
    }
    $access = $group['access'] ?? 'public';
    if ($access === 'public') {
        return true;
    }
    if ($user === null) {
        return false;
    }
    if ($access === 'logged_in' || ($user['admin'] ?? false)) {
        return true;
    }
    return in_array($user['guid'], $group['members'] ?? [], true) || $group['owner'] === $user['guid'];
}

// ---- CSRF tokens the way Elgg makes them: an HMAC over the time and the session --------------

function site_secret(): string
{
    if (!isset($_SESSION['__site_secret'])) {
        $_SESSION['__site_secret'] = bin2hex(random_bytes(32));
    }
    return $_SESSION['__site_secret'];
}

/** @return array{__elgg_ts: string, __elgg_token: string} */
function action_tokens(): array
{
    $ts = (string) time();
    return ['__elgg_ts' => $ts, '__elgg_token' => hash_hmac('sha256', $ts . '|' . session_id(), site_secret())];
}

function tokens_valid(array $post): bool
{
    $ts = isset($post['__elgg_ts']) ? (string) $post['__elgg_ts'] : '';
    $token = isset($post['__elgg_token']) ? (string) $post['__elgg_token'] : '';
    if (!ctype_digit($ts) || abs(time() - (int) $ts) > 7200) {
        return false;
    }
    return hash_equals(hash_hmac('sha256', $ts . '|' . session_id(), site_secret()), $token);
}

// ---- the klussen glue, as the Elgg plugin wires it ---------------------------------------------

function glue_config(): Config
{
    $secret = env('KLUSSEN_AUTH_SECRET');
    $file = env('KLUSSEN_HOST_SECRET_FILE');
    if ($secret === '' && $file !== '' && is_readable($file)) {
        $secret = trim((string) file_get_contents($file));
    }
    return new Config(
        env('KLUSSEN_HOST_SIDECAR_URL', Config::DEFAULT_URL),
        env('KLUSSEN_HOST_KEY_ID', Config::DEFAULT_KEY_ID),
        $secret,
        (int) env('KLUSSEN_HOST_CONNECT_TIMEOUT_MS', (string) Config::DEFAULT_CONNECT_TIMEOUT_MS),
        (int) env('KLUSSEN_HOST_TIMEOUT_MS', (string) Config::DEFAULT_TIMEOUT_MS),
        1
    );
}

function viewer(): Viewer
{
    $user = current_user();
    return new Viewer($user === null ? 0 : (int) $user['guid'], $user['language'] ?? 'nl');
}

function page_context(): PageContext
{
    return new PageContext('/klussen/', '/action/klussen/', action_tokens());
}

function embedder(): FragmentEmbedder
{
    return new FragmentEmbedder(new SidecarClient(glue_config()), page_context(), viewer(), function (string $m): void {
        error_log($m);
    });
}

/** The host's session for the glue (an import preview waiting for "save"). */
function session_store(): ArraySessionStore
{
    return new ArraySessionStore($_SESSION);
}

function pages(): Pages
{
    return new Pages(embedder(), session_store());
}

function forwarder(): FormForwarder
{
    return new FormForwarder(new SidecarClient(glue_config()), page_context(), session_store());
}

// ---- flash messages (Elgg's system_message / register_error) ----------------------------------

function flash(string $kind, string $text): void
{
    $_SESSION['flash'][] = [$kind, $text];
}

function take_flash(): array
{
    $messages = $_SESSION['flash'] ?? [];
    unset($_SESSION['flash']);
    return $messages;
}

function redirect(string $to): void
{
    header('Location: ' . $to, true, 303);
}

// ---- the page chrome ----------------------------------------------------------------------------

/**
 * @param array<int, array{0: string, 1: string, 2?: bool}> $tabs [label, href, current]
 */
function render_page(string $title, string $content, int $status = 200, array $tabs = [], string $titleLang = 'nl'): void
{
    http_response_code($status);
    header('Content-Type: text/html; charset=utf-8');
    $user = current_user();
    $site = model()['site']['name'] ?? 'Host';
    echo "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n";
    echo '<meta name="viewport" content="width=device-width, initial-scale=1">' . "\n";
    echo '<title>' . e($title . ' - ' . $site) . "</title>\n";
    echo "<link rel=\"stylesheet\" href=\"/host.css\">\n<link rel=\"stylesheet\" href=\"/klussen.css\">\n</head>\n<body>\n";
    echo '<a class="skip-link" href="#main">Naar de inhoud</a>' . "\n";
    echo "<header class=\"site-header\">\n";
    echo '<p class="site-name"><a href="/">' . e($site) . "</a> <span class=\"test-badge\">testomgeving</span></p>\n";
    echo "<nav aria-label=\"Hoofdmenu\">\n<ul>\n";
    if ($user !== null) {
        echo "<li><a href=\"/dashboard\">Dashboard</a></li>\n<li><a href=\"/groups\">Groepen</a></li>\n";
        echo "<li><a href=\"/klussen/mine\">Mijn klussen</a></li>\n";
        echo "<li><a href=\"/klussen/portfolio/edit\">Mijn portfolio</a></li>\n";
    }
    echo "</ul>\n</nav>\n";
    if ($user !== null) {
        $tokens = action_tokens();
        echo '<form class="logout" method="post" action="/logout"><span class="who">Ingelogd als ' . e($user['name']) . '</span> ';
        foreach ($tokens as $name => $value) {
            echo '<input type="hidden" name="' . e($name) . '" value="' . e($value) . '">';
        }
        echo "<button type=\"submit\">Uitloggen</button></form>\n";
    } else {
        echo "<p class=\"who\"><a href=\"/login\">Inloggen</a></p>\n";
    }
    echo "</header>\n<main id=\"main\" tabindex=\"-1\">\n";
    // The chrome is Dutch; a title from the plugin's texts is in the viewer's language.
    $langAttr = $titleLang === 'nl' ? '' : ' lang="' . e($titleLang) . '"';
    echo '<h1' . $langAttr . '>' . e($title) . "</h1>\n";
    foreach (take_flash() as $message) {
        $role = $message[0] === 'error' ? 'alert' : 'status';
        echo '<div class="message message-' . e($message[0]) . '" role="' . $role . '"><p>' . e($message[1]) . "</p></div>\n";
    }
    if ($tabs) {
        echo "<nav class=\"tabs\" aria-label=\"Groepsmenu\">\n<ul>\n";
        foreach ($tabs as $tab) {
            $current = !empty($tab[2]) ? ' aria-current="page"' : '';
            echo '<li><a href="' . e($tab[1]) . '"' . $current . '>' . e($tab[0]) . "</a></li>\n";
        }
        echo "</ul>\n</nav>\n";
    }
    echo $content;
    echo "</main>\n</body>\n</html>\n";
}

/** The tabs of a group page; the Klussen tab only where the group tool is on (as the sidecar also decides). */
function group_tabs(array $group, string $current): array
{
    $guid = (int) $group['guid'];
    $tabs = [['Overzicht', '/groups/profile/' . $guid, $current === 'profile'],
        ['Leden', '/groups/members/' . $guid, $current === 'members']];
    if (($group['klussen_enable'] ?? null) !== 'no') {
        $tabs[] = ['Klussen', '/klussen/group/' . $guid, $current === 'klussen'];
    }
    return $tabs;
}
