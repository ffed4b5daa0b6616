<?php

namespace Klussen\Core;

/**
 * What the page shows instead of a fragment when the sidecar is down, slow or misconfigured: a
 * small, accessible notice, so the host page always renders.
 */
final class UnavailableBlock
{
    public static function render(string $language, string $title = ''): string
    {
        $messages = new Messages($language);
        $lang = htmlspecialchars(preg_replace('/_.*\z/', '', $language), ENT_QUOTES, 'UTF-8');
        if ($title === '') {
            $title = $messages->get('klussen');
        }
        return '<section class="klussen klussen-unavailable" lang="' . $lang . '" role="status">' . "\n"
            . '<h2>' . htmlspecialchars($title, ENT_QUOTES, 'UTF-8') . "</h2>\n"
            . '<p>' . htmlspecialchars($messages->get('klussen:unavailable'), ENT_QUOTES, 'UTF-8') . "</p>\n"
            . "</section>\n";
    }

    /**
     * A notice for an answer that is not a fragment (404, 403, ...), in the same shape.
     */
    public static function notice(string $language, string $messageKey, string $title = ''): string
    {
        $messages = new Messages($language);
        $lang = htmlspecialchars(preg_replace('/_.*\z/', '', $language), ENT_QUOTES, 'UTF-8');
        if ($title === '') {
            $title = $messages->get('klussen');
        }
        return '<section class="klussen klussen-notice-block" lang="' . $lang . '">' . "\n"
            . '<h2>' . htmlspecialchars($title, ENT_QUOTES, 'UTF-8') . "</h2>\n"
            . '<p>' . htmlspecialchars($messages->get($messageKey), ENT_QUOTES, 'UTF-8') . "</p>\n"
            . "</section>\n";
    }
}
