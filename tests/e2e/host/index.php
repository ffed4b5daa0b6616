<?php
/**
 * Router of the stand-in host (TEST ONLY), for PHP's built-in server:
 *   KLUSSEN_HOST_MODEL=... KLUSSEN_HOST_SIDECAR_URL=... KLUSSEN_HOST_SECRET_FILE=... \
 *     php -S 127.0.0.1:8378 tests/e2e/host/index.php
 */

declare(strict_types=1);

require __DIR__ . '/lib.php';

use Klussen\Core\FormForwarder;
use Klussen\Core\Messages;
use Klussen\Core\Pages;

$path = (string) parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'] ?? 'GET';

if ($path === '/host.css') {
    header('Content-Type: text/css; charset=utf-8');
    readfile(__DIR__ . '/host.css');
    return true;
}
if ($path === '/klussen.css') {
    header('Content-Type: text/css; charset=utf-8');
    // The plugin's CSS view, exactly as Elgg would serve it.
    include GLUE_DIR . '/views/default/klussen/css.php';
    return true;
}
if ($path === '/favicon.ico') {
    http_response_code(204);
    return true;
}

session_save_path(env('KLUSSEN_HOST_SESSION_DIR', sys_get_temp_dir()));
session_name('Elgg');
session_start();

$user = current_user();
$segments = array_values(array_filter(explode('/', $path), 'strlen'));

// ---- login-as (TEST ONLY) and logout -----------------------------------------------------------
if ($path === '/login') {
    if ($method === 'POST') {
        $guid = (int) ($_POST['guid'] ?? 0);
        if (!tokens_valid($_POST) || active_user($guid) === null) {
            flash('error', 'Inloggen mislukt.');
            redirect('/login');
            return true;
        }
        session_regenerate_id(true);
        $_SESSION['guid'] = $guid;
        redirect('/dashboard');
        return true;
    }
    $html = '<p class="test-warning"><strong>Alleen voor tests:</strong> kies een gebruiker uit de '
        . 'testgegevens; er is geen wachtwoord.</p>' . "\n<ul class=\"login-list\">\n";
    // Group owners and admins first (they can post), then everybody else; at most 60 people.
    $roles = [];
    foreach (model()['groups'] as $group) {
        if (($group['enabled'] ?? true) === false) {
            continue;
        }
        foreach (array_merge([$group['owner']], $group['admins'] ?? []) as $guid) {
            $roles[$guid][] = $group['name'];
        }
    }
    $users = model()['users'];
    usort($users, function (array $a, array $b) use ($roles): int {
        return (int) isset($roles[$b['guid']]) - (int) isset($roles[$a['guid']]) ?: $a['guid'] <=> $b['guid'];
    });
    $shown = 0;
    foreach ($users as $u) {
        if (active_user((int) $u['guid']) === null || ++$shown > 60) {
            continue;
        }
        $u['_roles'] = isset($roles[$u['guid']]) ? ', beheert ' . implode(', ', array_unique($roles[$u['guid']])) : '';
        $html .= '<li><form method="post" action="/login">';
        foreach (action_tokens() as $name => $value) {
            $html .= '<input type="hidden" name="' . e($name) . '" value="' . e($value) . '">';
        }
        $html .= '<input type="hidden" name="guid" value="' . (int) $u['guid'] . '">'
            . '<button type="submit" data-username="' . e($u['username']) . '">Inloggen als ' . e($u['name'])
            . '</button> <span class="login-meta">(' . e($u['username']) . ($u['admin'] ?? false ? ', sitebeheerder' : '')
            . e($u['_roles']) . ")</span></form></li>\n";
    }
    render_page('Inloggen', $html . "</ul>\n");
    return true;
}
if ($path === '/logout' && $method === 'POST') {
    if (tokens_valid($_POST)) {
        $_SESSION = [];
        session_regenerate_id(true);
    }
    redirect('/login');
    return true;
}

if ($user === null) {
    redirect('/login');
    return true;
}
$viewer = viewer();
$messages = new Messages($viewer->language());

// ---- Elgg-style actions: /action/klussen/<name> -------------------------------------------------
if (($segments[0] ?? '') === 'action' && ($segments[1] ?? '') === 'klussen' && isset($segments[2])) {
    $back = $_SERVER['HTTP_REFERER'] ?? '/dashboard';
    if ($method !== 'POST' || !in_array($segments[2], FormForwarder::ACTIONS, true)) {
        render_page('Niet gevonden', '<p>Deze actie bestaat niet.</p>', 404);
        return true;
    }
    if (!tokens_valid($_POST)) {
        // Elgg: "The form is missing __token or __ts fields" / expired token.
        flash('error', 'Het formulier is verlopen. Probeer het opnieuw.');
        redirect($back);
        return true;
    }
    // The portfolio imports upload a file ("file"): PHP has put it in $_FILES, as in Elgg.
    $result = forwarder()->forward($segments[2], $_POST, $viewer, $_FILES);
    flash($result->isSuccess() ? 'success' : 'error', $result->message($messages));
    if ($result->sticky() !== null) {
        $_SESSION['sticky'][$result->stickyForm()] = $result->sticky();
    }
    redirect($result->redirect() ?? $back);
    return true;
}

// ---- klussen pages: /klussen/<page>/<id> ------------------------------------------------------
if (($segments[0] ?? '') === 'klussen') {
    $page = array_slice($segments, 1);
    if (Pages::isDownload($page)) {
        $download = pages()->export();
        if ($download !== null) {
            header('Content-Type: application/json; charset=utf-8');
            header('Content-Disposition: attachment; filename="' . $download[1] . '"');
            header('Cache-Control: no-store');
            echo $download[0];
        } else {
            render_page($messages->get('klussen:portfolio:export'), Pages::exportFailed($viewer->language())->html(), 200, [],
                preg_replace('/_.*\z/', '', $viewer->language()));
        }
        return true;
    }
    $stickyName = Pages::stickyFormOf($page);
    $sticky = null;
    if ($stickyName !== null && isset($_SESSION['sticky'][$stickyName])) {
        $sticky = $_SESSION['sticky'][$stickyName];
        unset($_SESSION['sticky'][$stickyName]);
    }
    $query = array_intersect_key(array_filter($_GET, 'is_string'), array_flip(Pages::QUERY));
    $fragment = pages()->render($page, $query, $sticky);
    if ($fragment === null) {
        render_page('Niet gevonden', '<p>Deze pagina bestaat niet.</p>', 404);
        return true;
    }
    $name = $page[0] ?? 'mine';
    $tabs = [];
    $title = $messages->get('klussen');
    if ($name === 'group') {
        $group = model()['groups_by_guid'][(int) $page[1]] ?? null;
        if ($group !== null && can_see_group($group, $user)) {
            $title = $messages->get('klussen:group', [$group['name']]);
            $tabs = group_tabs($group, 'klussen');
        }
    } elseif (Pages::titleKey($page) !== null) {
        $title = $messages->get((string) Pages::titleKey($page));
    }
    render_page($title, $fragment->html(), $fragment->status() === 503 ? 200 : $fragment->status(), $tabs,
        preg_replace('/_.*\z/', '', $viewer->language()));
    return true;
}

// ---- the host's own pages ------------------------------------------------------------------------
if ($path === '/' || $path === '/dashboard') {
    // Dashboard widgets. "Klussen voor jou": open klussen that fit the viewer's portfolio, with
    // the reasons; the sidecar links to the page klussen/voor-jou when there are more.
    $foryou = embedder()->forYou(0, false, 5);
    $html = "<div class=\"widgets\">\n<section class=\"widget\" aria-labelledby=\"widget-foryou\">\n"
        . '<h2 id="widget-foryou" class="widget-title">' . e($messages->get('klussen:widget:foryou')) . "</h2>\n"
        . '<div class="widget-body">' . $foryou->html() . "</div>\n</section>\n";
    $html .= "<section class=\"widget\" aria-labelledby=\"widget-groups\">\n<h2 id=\"widget-groups\" class=\"widget-title\">Mijn groepen</h2>\n<ul>\n";
    foreach (model()['groups'] as $group) {
        if (in_array($user['guid'], $group['members'] ?? [], true) && can_see_group($group, $user)) {
            $html .= '<li><a href="/groups/profile/' . (int) $group['guid'] . '">' . e($group['name']) . "</a></li>\n";
        }
    }
    $html .= "</ul>\n</section>\n</div>\n";
    render_page('Dashboard', $html);
    return true;
}
if ($path === '/groups') {
    $html = "<ul class=\"group-list\">\n";
    foreach (model()['groups'] as $group) {
        if (can_see_group($group, $user)) {
            $html .= '<li><a href="/groups/profile/' . (int) $group['guid'] . '">' . e($group['name']) . "</a></li>\n";
        }
    }
    render_page('Groepen', $html . "</ul>\n");
    return true;
}
if (($segments[0] ?? '') === 'groups' && in_array($segments[1] ?? '', ['profile', 'members'], true) && isset($segments[2])) {
    $group = model()['groups_by_guid'][(int) $segments[2]] ?? null;
    if ($group === null || !can_see_group($group, $user)) {
        render_page('Niet gevonden', '<p>Deze groep bestaat niet of je mag hem niet zien.</p>', 404);
        return true;
    }
    if ($segments[1] === 'members') {
        $html = "<ul>\n";
        foreach ($group['members'] ?? [] as $guid) {
            $member = active_user((int) $guid);
            if ($member !== null) {
                $html .= '<li>' . e($member['name']) . "</li>\n";
            }
        }
        render_page($group['name'], $html . "</ul>\n", 200, group_tabs($group, 'members'));
        return true;
    }
    $html = '<p class="group-description">' . e($group['description'] ?? '') . "</p>\n";
    if (($group['klussen_enable'] ?? null) !== 'no') {
        // The group profile module: the same fragment as the tab.
        $html .= "<div class=\"group-module\">\n" . embedder()->groupTab((int) $group['guid'])->html() . "</div>\n";
    }
    render_page($group['name'], $html, 200, group_tabs($group, 'profile'));
    return true;
}

render_page('Niet gevonden', '<p>Deze pagina bestaat niet.</p>', 404);
return true;
